"""`flask courses import`: all or nothing, errors with file and line, updates in place."""

import textwrap

import pytest

from tamkeen import PROJECT_ROOT
from tamkeen.learning.models import Course, Lesson, LessonProgress, Module

from .helpers import COURSE_YAML, lesson, run_import, write_package


def test_import_creates_the_course_with_modules_and_lessons_in_order(app, make, tmp_path):
    package = write_package(tmp_path / "sample")
    result = run_import(app, package)
    assert result.exit_code == 0, result.output
    assert "created  sample-en" in result.output
    assert (make.count(Course), make.count(Module), make.count(Lesson)) == (1, 2, 3)


def test_folder_of_packages_imports_each(app, make, tmp_path):
    write_package(tmp_path / "en", slug="sample-en")
    write_package(tmp_path / "fr", slug="sample-fr", language="fr")
    (tmp_path / "not-a-package").mkdir()
    result = run_import(app, tmp_path)
    assert result.exit_code == 0, result.output
    assert make.count(Course) == 2


def test_dry_run_writes_nothing(app, make, tmp_path):
    result = run_import(app, write_package(tmp_path / "sample"), "--dry-run")
    assert result.exit_code == 0
    assert make.count(Course) == 0


def test_bundled_sample_course_imports(app, make):
    result = run_import(app, PROJECT_ROOT / "courses" / "using-tamkeen-en")
    assert result.exit_code == 0, result.output
    assert make.count(Course, slug="using-tamkeen-en") == 1


@pytest.mark.parametrize(
    ("breakage", "where", "message"),
    [
        (
            lambda p: (p / "course.yaml").write_text("format: 1\nslug: [unclosed\n"),
            "course.yaml:3",
            "Broken YAML",
        ),
        (
            lambda p: (p / "lessons" / "two.md").unlink(),
            "course.yaml:12",
            "lessons/two.md does not exist",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="de")
            ),
            "course.yaml:3",
            "Unknown language de",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="en").replace(
                    "lessons/three.md", "../../etc/passwd"
                )
            ),
            "course.yaml:16",
            "leaves the package folder",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="en").replace(
                    "lessons/three.md", "/etc/passwd"
                )
            ),
            "course.yaml:16",
            "leaves the package folder",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="en").replace(
                    "slug: second", "slug: first"
                )
            ),
            "course.yaml:13",
            "Duplicate module slug: first",
        ),
        (
            lambda p: (p / "lessons" / "three.md").write_text(lesson("two")),
            "lessons/three.md:2",
            "Duplicate lesson slug two",
        ),
        (
            lambda p: (p / "lessons" / "two.md").write_text("No front matter here."),
            "lessons/two.md:1",
            "front matter",
        ),
        (
            lambda p: (p / "lessons" / "two.md").write_text(
                "---\nslug: two\ntitle: [oops\n---\nBody\n"
            ),
            "lessons/two.md:",
            "Broken YAML",
        ),
        (
            lambda p: (p / "lessons" / "one.md").write_text(
                lesson("one", "Intro.\n\nSee [gone](lesson:missing).")
            ),
            "lessons/one.md:9",
            "lesson:missing does not exist",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="Sample EN", language="en")
            ),
            "course.yaml:2",
            "may hold only a-z",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="en") + "sumary: typo\n"
            ),
            "course.yaml:17",
            "Unknown key: sumary",
        ),
        (
            lambda p: (p / "lessons" / "two.md").write_text(
                "---\nslug: two\ntitle: Two\nreview: true\n---\nBody\n"
            ),
            "lessons/two.md:4",
            "needs a review_note",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="en") + "hours: 1.3\n"
            ),
            "course.yaml:17",
            "hours must be a number from 0.5 to 1000.",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="en")
                + "outcomes:\n  - One\n  - "
                + "x" * 161
                + "\n"
            ),
            "course.yaml:17",
            "Each line of outcomes has at most 160 characters.",
        ),
        (
            lambda p: (p / "course.yaml").write_text(
                COURSE_YAML.format(slug="sample-en", language="en") + "outcomes: Everything\n"
            ),
            "course.yaml:17",
            "outcomes must be a list of lines of text.",
        ),
    ],
    ids=[
        "broken-yaml",
        "missing-lesson",
        "unknown-language",
        "path-escape",
        "absolute-path",
        "duplicate-module",
        "duplicate-lesson",
        "no-front-matter",
        "broken-front-matter",
        "dead-link",
        "bad-slug",
        "unknown-key",
        "review-without-note",
        "hours-not-in-halves",
        "outcome-too-long",
        "outcomes-not-a-list",
    ],
)
def test_broken_package_names_file_and_line_and_writes_nothing(
    app, make, tmp_path, breakage, where, message
):
    package = write_package(tmp_path / "sample")
    breakage(package)
    result = run_import(app, tmp_path)
    assert result.exit_code != 0
    assert where in result.output, result.output
    assert message in result.output, result.output
    assert "nothing was imported" in result.output
    assert make.count(Course) == 0 and make.count(Lesson) == 0


def test_symbolic_link_in_a_package_is_refused(app, make, tmp_path):
    package = write_package(tmp_path / "sample")
    outside = tmp_path / "outside.md"
    outside.write_text(lesson("three"))
    (package / "lessons" / "three.md").unlink()
    (package / "lessons" / "three.md").symlink_to(outside)
    result = run_import(app, tmp_path)
    assert "is a symbolic link" in result.output
    assert make.count(Course) == 0


def test_duplicate_course_slug_across_packages_imports_nothing(app, make, tmp_path):
    write_package(tmp_path / "a", slug="same-slug")
    write_package(tmp_path / "b", slug="same-slug")
    result = run_import(app, tmp_path)
    assert "Duplicate course slug same-slug" in result.output
    assert make.count(Course) == 0


def test_every_error_is_listed_not_only_the_first(app, tmp_path):
    package = write_package(tmp_path / "sample")
    (package / "lessons" / "two.md").unlink()
    (package / "lessons" / "three.md").unlink()
    result = run_import(app, tmp_path)
    assert "lessons/two.md does not exist" in result.output
    assert "lessons/three.md does not exist" in result.output
    assert "lessons/one.md:7: The link target lesson:two does not exist" in result.output
    assert "3 problem(s) found" in result.output


def test_reimport_updates_in_place_and_keeps_progress_on_remaining_lessons(app, make, tmp_path):
    package = write_package(tmp_path / "sample")
    run_import(app, package)
    user = make.user("amal")
    with app.app_context():
        from sqlalchemy import select

        from tamkeen.extensions import db

        course = db.session.scalar(select(Course))
        lessons = {lesson.slug: lesson for lesson in db.session.scalars(select(Lesson))}
        course_id, one_id = course.id, lessons["one"].id
    make.enrol(user, make.get(Course, course_id))
    make.complete(user, make.get(Lesson, one_id))
    make.complete(user, make.get(Lesson, lessons["three"].id))

    # Lesson "one" moves to the second module and changes; "three" disappears.
    (package / "course.yaml").write_text(
        textwrap.dedent("""\
        format: 1
        slug: sample-en
        language: en
        title: A renamed course
        modules:
          - slug: first
            title: First module
            lessons: [lessons/two.md]
          - slug: second
            title: Second module
            lessons: [lessons/one.md]
    """)
    )
    (package / "lessons" / "one.md").write_text(lesson("one", "New text."))
    result = run_import(app, package)
    assert "updated  sample-en" in result.output, result.output

    updated = make.get(Course, course_id)
    assert updated.title == "A renamed course"
    assert make.count(Lesson) == 2
    moved = make.get(Lesson, one_id)
    assert moved.body.strip() == "New text."
    assert make.count(LessonProgress, lesson_id=one_id) == 1  # progress kept
    assert make.count(LessonProgress) == 1  # progress on the removed lesson went with it


def test_large_import_shows_a_progress_bar(app, tmp_path):
    lessons = {f"l{i}": lesson(f"l{i}") for i in range(60)}
    listing = "\n".join(f"      - lessons/l{i}.md" for i in range(60))
    course_yaml = (
        "format: 1\nslug: big\nlanguage: en\ntitle: Big\n"
        f"modules:\n  - slug: m\n    title: M\n    lessons:\n{listing}\n"
    )
    write_package(tmp_path / "big", course_yaml=course_yaml, lessons=lessons)
    result = run_import(app, tmp_path / "big")
    assert result.exit_code == 0, result.output
    assert "Importing lessons" in result.output
