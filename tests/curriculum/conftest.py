"""The bundled curriculum, read once per test session by the real readers."""

import pytest
from flask_migrate import upgrade

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.packages import load_packages
from tamkeen.papers.package import load_papers

from ..conftest import app_config

COURSES = PROJECT_ROOT / "courses"
PAPERS = COURSES / "papers"


@pytest.fixture(scope="session")
def curriculum(tmp_path_factory):
    """(courses by slug, papers by slug, problems): papers are imported first, since lesson
    links to papers are checked against the library."""
    folder = tmp_path_factory.mktemp("curriculum")
    app = create_app(app_config(f"sqlite:///{folder / 'db.sqlite'}", folder))
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        result = app.test_cli_runner().invoke(args=["papers", "import", str(PAPERS)])
        assert result.exit_code == 0, result.output
        courses, course_problems = load_packages(COURSES)
        papers, paper_problems = load_papers(PAPERS)
        problems = [str(p) for p in course_problems + paper_problems]
    by_slug = {course.slug: course for course in courses}
    return by_slug, {paper.slug: paper for paper in papers}, problems
