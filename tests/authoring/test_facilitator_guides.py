"""The facilitator guide in course packages: read, checked, stored, exported byte for byte,
copied; a bad guide is refused with its file and line and imports nothing."""

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db
from tamkeen.learning.models import Course, FacilitatorGuide

GUIDE = (
    '---\ntitle: "Guide de l\'animateur : Plaidoyer"\ncourse: plaidoyer-fr\nlanguage: fr\n---\r\n'
    "\r\n# Guide de l'animateur : Plaidoyer\r\n\r\n## Séance 1\r\n\r\n| Durée | Activité |\r\n"
    "|---|---|\r\n| 20 min | Accueil |\r\n"
)  # Windows line endings on purpose: the file must come back exactly as it was


def write_package(folder: Path, guide_key: str = "facilitator_guide: guide.md\n") -> Path:
    (folder / "lessons").mkdir(parents=True)
    (folder / "course.yaml").write_text(
        "format: 1\nslug: plaidoyer-fr\nlanguage: fr\ntitle: Plaidoyer\n"
        + guide_key
        + "modules:\n  - slug: un\n    title: Un\n    lessons:\n      - lessons/un.md\n"
    )
    (folder / "lessons" / "un.md").write_text("---\nslug: un\ntitle: Un\n---\nTexte.\n")
    (folder / "guide.md").write_bytes(GUIDE.encode())
    return folder


def run(app, *args):
    return app.test_cli_runner().invoke(args=["courses", *args])


def stored_guide(app, slug: str = "plaidoyer-fr") -> str | None:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        return course.guide.source if course and course.guide else None


def test_the_guide_is_stored_and_exported_byte_for_byte(app, tmp_path):
    write_package(tmp_path / "plaidoyer")
    result = run(app, "import", str(tmp_path / "plaidoyer"))
    assert result.exit_code == 0, result.output
    assert stored_guide(app) == GUIDE
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    assert run(app, "export", "plaidoyer-fr", str(first)).exit_code == 0
    with zipfile.ZipFile(first) as archive:
        assert archive.read("plaidoyer-fr/facilitator-guide.md") == GUIDE.encode()
        course_yaml = archive.read("plaidoyer-fr/course.yaml").decode()
    assert "\nfacilitator_guide: facilitator-guide.md\n" in course_yaml
    assert run(app, "import", str(first)).exit_code == 0
    assert run(app, "export", "plaidoyer-fr", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_package_without_the_key_removes_the_guide(app, make, tmp_path):
    write_package(tmp_path / "with")
    assert run(app, "import", str(tmp_path / "with")).exit_code == 0
    write_package(tmp_path / "without", guide_key="")
    assert run(app, "import", str(tmp_path / "without")).exit_code == 0
    assert stored_guide(app) is None
    assert make.count(FacilitatorGuide) == 0


def test_the_bundled_guides_come_back_as_the_curriculum_team_wrote_them(app, tmp_path):
    papers = app.test_cli_runner().invoke(
        args=["papers", "import", str(PROJECT_ROOT / "courses" / "papers")]
    )
    assert papers.exit_code == 0, papers.output
    result = run(app, "import", str(PROJECT_ROOT / "courses"))
    assert result.exit_code == 0, result.output
    guides = sorted(PROJECT_ROOT.glob("courses/*/facilitator-guide.md"))
    assert len(guides) == 12
    for guide in guides:
        slug = guide.parent.name
        assert stored_guide(app, slug) == guide.read_bytes().decode(), slug
    out = tmp_path / "ar.zip"
    assert run(app, "export", "advocacy-ar", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        exported = archive.read("advocacy-ar/facilitator-guide.md")
    assert exported == (PROJECT_ROOT / "courses/advocacy-ar/facilitator-guide.md").read_bytes()


def _not_utf8(package: Path) -> None:
    (package / "guide.md").write_bytes(b"# Guide\n\nLigne deux\n\xe9t\xe9\n")


def _too_large(package: Path) -> None:
    (package / "guide.md").write_text("# Guide\n\n" + "Une ligne de texte.\n" * 8000)


def _symbolic_link(package: Path) -> None:
    outside = package.parent / "elsewhere.md"
    outside.write_text("# Ailleurs\n")
    (package / "guide.md").unlink()
    (package / "guide.md").symlink_to(outside)


def _front(text: str):
    def change(package: Path) -> None:
        (package / "guide.md").write_text(f"---\n{text}\n---\n# Guide\n")

    return change


BROKEN_GUIDES = {
    "missing": (
        "facilitator_guide: absent.md\n", None, "course.yaml:5", "absent.md does not exist"
    ),
    "outside": (
        "facilitator_guide: ../guide.md\n", None, "course.yaml:5", "../guide.md leaves the package"
    ),
    "not a path": ("facilitator_guide: [a, b]\n", None, "course.yaml:5", "Expected a file path"),
    "a folder": (
        "facilitator_guide: lessons/\n", None, "course.yaml:5", "lessons/ does not exist"
    ),
    "symbolic link": (None, _symbolic_link, "course.yaml:5", "guide.md is a symbolic link"),
    "not utf-8": (None, _not_utf8, "guide.md:4", "The file is not UTF-8 text."),
    "too large": (None, _too_large, "guide.md:1", "The file is larger than 128 KB."),
    "another course": (
        None, _front("course: advocacy-en"), "guide.md:2", "course must be plaidoyer-fr"
    ),
    "unknown key": (None, _front("answers: yes"), "guide.md:2", "Unknown key: answers."),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN_GUIDES, ids=list(BROKEN_GUIDES))
def test_a_bad_guide_is_refused_with_its_file_and_line(app, make, tmp_path, case):
    key, breakage, where, message = BROKEN_GUIDES[case]
    package = write_package(tmp_path / "plaidoyer", **({"guide_key": key} if key else {}))
    if breakage:
        breakage(package)
    result = run(app, "import", str(tmp_path))
    assert result.exit_code != 0
    assert where in result.output and message in result.output, result.output
    assert "nothing was imported" in result.output
    assert make.count(Course) == 0 and make.count(FacilitatorGuide) == 0


def test_a_guide_must_be_a_markdown_file(app, make, tmp_path):
    package = write_package(tmp_path / "plaidoyer", "facilitator_guide: guide.txt\n")
    (package / "guide.txt").write_text("# Guide\n")
    result = run(app, "import", str(tmp_path))
    assert "course.yaml:5" in result.output and "Markdown file (.md)" in result.output
    assert make.count(Course) == 0


def test_a_copy_of_the_course_keeps_its_guide(app, make, tmp_path):
    trainer = make.user("trainer", roles=("trainee", "trainer"))
    write_package(tmp_path / "plaidoyer")
    assert run(app, "import", str(tmp_path / "plaidoyer")).exit_code == 0
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "plaidoyer-fr"))
        from tamkeen.authoring.copies import duplicate_course

        duplicate_course(
            db.session.merge(trainer), course, slug="plaidoyer-ar", title="Plaidoyer (ar)",
            language="ar", as_translation=True,
        )  # fmt: skip
        db.session.commit()
    assert stored_guide(app, "plaidoyer-ar") == GUIDE
    assert stored_guide(app) == GUIDE  # the original keeps its own


def test_a_guide_in_a_zip_from_the_web_is_imported(app, client, make, auth, tmp_path):
    make.user("trainer", roles=("trainee", "trainer"))
    buffer = io.BytesIO()
    package = write_package(tmp_path / "plaidoyer")
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                archive.write(path, f"plaidoyer/{path.relative_to(package)}")
    auth.login("trainer")
    response = client.post_form(
        "/teach/import", {"package": (io.BytesIO(buffer.getvalue()), "plaidoyer.zip")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]
    assert stored_guide(app) == GUIDE
