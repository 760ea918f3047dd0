"""`flask papers import`: all or nothing, errors with file and line, updates in place; and
lessons that link to papers."""

import pytest
from sqlalchemy import select

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db
from tamkeen.learning.models import Course
from tamkeen.papers.models import PolicyPaper

PAPERS = PROJECT_ROOT / "courses" / "papers"

PAPER = """\
---
slug: {slug}
translation_group: the-law
language: {language}
title: The law
authors: [Tamkeen, Jane Doe]
topic: advocacy
summary: What the paper argues.
date: 2026-11-01
---

## Summary

Text with a note.[^1]

[^1]: A source.
"""


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def write_paper(folder, name="the-law.en.md", slug="the-law-en", language="en", text=None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text or PAPER.format(slug=slug, language=language))
    return folder


def test_the_bundled_papers_import_and_reimport_in_place(app, make):
    result = run(app, "papers", "import", str(PAPERS))
    assert result.exit_code == 0, result.output
    assert result.output.count("created") == 9
    with app.app_context():
        ids = dict(db.session.execute(select(PolicyPaper.slug, PolicyPaper.id)).all())
    result = run(app, "papers", "import", str(PAPERS))
    assert result.output.count("updated") == 9
    with app.app_context():
        assert dict(db.session.execute(select(PolicyPaper.slug, PolicyPaper.id)).all()) == ids
        arabic = db.session.scalar(
            select(PolicyPaper).where(PolicyPaper.slug == "online-expression-and-the-law-ar")
        )
        assert arabic.language == "ar" and arabic.topic == "freedom-of-expression"
        assert arabic.title == "التعبير على الإنترنت والقانون في المغرب"


def test_dry_run_writes_nothing(app, make, tmp_path):
    result = run(app, "papers", "import", str(write_paper(tmp_path)), "--dry-run")
    assert result.exit_code == 0 and "checked" in result.output
    assert make.count(PolicyPaper) == 0


def _replace(old, new):
    return PAPER.format(slug="the-law-en", language="en").replace(old, new)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (_replace("topic: advocacy", "topic: gardening"), "the-law.en.md:7", "Unknown topic"),
        (_replace("language: en", "language: de"), "the-law.en.md:4", "Unknown language de"),
        (_replace("date: 2026-11-01", "date: soon"), "the-law.en.md:9", "date must look like"),
        (_replace("authors: [Tamkeen, Jane Doe]", "authors: []"), "the-law.en.md:6", "authors"),
        (_replace("summary: What the paper argues.\n", ""), "the-law.en.md:2", "Missing key"),
        (_replace("title: The law", "title: [oops"), "the-law.en.md:", "Broken YAML"),
        (_replace("topic: advocacy", "topic: advocacy\nsumary: typo"), ":8", "Unknown key"),
        ("No front matter.", "the-law.en.md:1", "front matter"),
        (_replace("Text with", "See [x](paper:nowhere). Text with"), ":14", "paper:nowhere"),
        (_replace("Text with", "See [x](lesson:one). Text with"), ":14", "only to papers"),
    ],
    ids=["topic", "language", "date", "authors", "missing", "yaml", "typo", "front", "link",
         "lesson-link"],
)  # fmt: skip
def test_a_broken_paper_names_file_and_line_and_nothing_is_written(
    app, make, tmp_path, text, where, message
):
    write_paper(tmp_path, name="good.fr.md", slug="the-law-fr", language="fr")
    write_paper(tmp_path, text=text)
    result = run(app, "papers", "import", str(tmp_path))
    assert result.exit_code != 0
    assert where in result.output and message in result.output, result.output
    assert "nothing was imported" in result.output
    assert make.count(PolicyPaper) == 0


def test_duplicate_slugs_and_two_papers_for_one_language_are_refused(app, make, tmp_path):
    write_paper(tmp_path, name="a.md", slug="same")
    write_paper(tmp_path, name="b.md", slug="same")
    result = run(app, "papers", "import", str(tmp_path))
    assert "Duplicate paper slug same" in result.output
    assert "already the en paper" in result.output
    assert make.count(PolicyPaper) == 0


COURSE = """\
format: 1
slug: linked-{language}
language: {language}
title: Linked
modules:
  - slug: one
    title: One
    lessons: [lessons/one.md]
"""


def write_linking_course(folder, language, target):
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(COURSE.format(language=language))
    (folder / "lessons" / "one.md").write_text(
        f"---\nslug: one\ntitle: One\n---\n\nRead [our paper]({target}).\n"
    )
    return folder


def test_lesson_links_to_a_paper_resolve_in_the_courses_language(app, client, make, tmp_path):
    run(app, "papers", "import", str(PAPERS))
    package = write_linking_course(tmp_path / "fr", "fr", "paper:online-expression-and-the-law")
    result = run(app, "courses", "import", str(package))
    assert result.exit_code == 0, result.output
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "linked-fr"))
        lesson_id = course.modules[0].lessons[0].id
        french = db.session.scalar(
            select(PolicyPaper).where(PolicyPaper.slug == "online-expression-and-the-law-fr")
        )
        course_id, french_id = course.id, french.id
    page = client.get(f"/courses/{course_id}/lessons/{lesson_id}").get_data(as_text=True)
    assert f'href="/papers/{french_id}"' in page


def test_lesson_link_falls_back_to_an_exact_slug(app, make, tmp_path):
    run(app, "papers", "import", str(PAPERS))
    package = write_linking_course(tmp_path / "en", "en", "paper:protecting-activists-data-ar")
    assert run(app, "courses", "import", str(package)).exit_code == 0


def test_lesson_link_to_a_missing_paper_is_an_import_error(app, make, tmp_path):
    package = write_linking_course(tmp_path / "en", "en", "paper:online-expression-and-the-law")
    result = run(app, "courses", "import", str(package))
    assert result.exit_code != 0
    assert "lessons/one.md:6: The link target paper:online-expression-and-the-law" in result.output
    assert make.count(Course) == 0
