"""Course packages as zips: export and import round-trip byte for byte; bad zips are refused."""

import io
import stat
import zipfile

import pytest
from sqlalchemy import select

from tamkeen import PROJECT_ROOT
from tamkeen.authoring.models import CourseImage
from tamkeen.extensions import db
from tamkeen.learning.models import Course, CourseTrainer, Lesson, LessonProgress

from .helpers import courses_cli, rich_course, upload
from .pictures import drawing


def test_export_import_export_gives_identical_archives(app, make, tmp_path):
    course = rich_course(app, make)
    first, second, third = (tmp_path / f"{n}.zip" for n in ("first", "second", "third"))
    assert courses_cli(app, "export", course.slug, str(first)).exit_code == 0
    result = courses_cli(app, "import", str(first))
    assert result.exit_code == 0, result.output
    assert "updated" in result.output
    courses_cli(app, "export", course.slug, str(second))
    assert first.read_bytes() == second.read_bytes()

    with app.app_context():  # a fresh database: the course comes back as it was
        db.session.delete(db.session.get(Course, course.id))
        db.session.commit()
    assert "created" in courses_cli(app, "import", str(second)).output
    courses_cli(app, "export", course.slug, str(third))
    assert third.read_bytes() == first.read_bytes()


def test_the_archive_is_a_readable_package(app, make, tmp_path):
    course = rich_course(app, make)
    out = tmp_path / "course.zip"
    courses_cli(app, "export", course.slug, str(out))
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert f"{course.slug}/course.yaml" in names
        assert f"{course.slug}/images/map.png" in names
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        lesson = archive.read(f"{course.slug}/lessons/01-module-1/01-lesson-1-1.md").decode()
    assert lesson.startswith("---\nslug: lesson-1-1\ntitle: '2011'\n")
    assert "\r" not in lesson


def test_export_of_an_unknown_course_fails_clearly(app, tmp_path):
    result = courses_cli(app, "export", "nope", str(tmp_path / "x.zip"))
    assert result.exit_code != 0 and "No course has the slug 'nope'" in result.output


def test_bundled_courses_round_trip_too(app, tmp_path):
    # Lessons link to policy papers, so the library is imported first, as `make run` does.
    papers = app.test_cli_runner().invoke(
        args=["papers", "import", str(PROJECT_ROOT / "courses" / "papers")]
    )
    assert papers.exit_code == 0, papers.output
    imported = courses_cli(app, "import", str(PROJECT_ROOT / "courses"))
    assert imported.exit_code == 0, imported.output
    for slug in ("using-tamkeen-ar", "digital-expression-ar"):
        out, again = tmp_path / f"{slug}-a.zip", tmp_path / f"{slug}-b.zip"
        assert courses_cli(app, "export", slug, str(out)).exit_code == 0
        assert courses_cli(app, "import", str(out)).exit_code == 0
        assert courses_cli(app, "export", slug, str(again)).exit_code == 0
        assert out.read_bytes() == again.read_bytes(), slug


def test_trainer_downloads_a_course_as_a_zip(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    auth.login("rania")
    response = client.get(f"/teach/courses/{course.id}/export")
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{course.slug}.zip"'
    assert "sandbox" in response.headers["Content-Security-Policy"].split("; ")
    assert zipfile.ZipFile(io.BytesIO(response.data)).testzip() is None


# -- import from the web ---------------------------------------------------------------
def _zip(files: dict[str, bytes | str], *, symlinks=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for name, target in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


COURSE_YAML = """\
format: 1
slug: web-course
language: en
title: From the web
modules:
  - slug: one
    title: One
    lessons: [lessons/a.md, lessons/b.md]
"""


def _package(**changes) -> dict:
    files = {
        "web-course/course.yaml": COURSE_YAML,
        "web-course/lessons/a.md": "---\nslug: a\ntitle: A\n---\nSee [b](lesson:b).\n",
        "web-course/lessons/b.md": "---\nslug: b\ntitle: B\n---\n![Map](images/map.png)\n",
        "web-course/images/map.png": drawing(),
    }
    files.update(changes)
    return {name: data for name, data in files.items() if data is not None}


def _web_import(client, data: bytes):
    return upload(client, "/teach/import", "package", data, "package.zip")


def test_trainer_imports_a_zip_from_the_web_and_owns_the_course(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    response = _web_import(client, _zip(_package()))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "web-course"))
        owner = db.session.scalar(select(CourseTrainer).where(CourseTrainer.course_id == course.id))
        assert owner.user_id == rania.id and owner.is_owner
        assert db.session.scalar(select(CourseImage.content_type)) == "image/png"


@pytest.mark.parametrize(
    ("files", "symlinks", "where", "message"),
    [
        (
            _package(**{"web-course/lessons/b.md": "---\nslug: b\ntitle: [oops\n---\n"}),
            (),
            "web-course/lessons/b.md:4",
            "Broken YAML",
        ),
        (
            _package(**{"web-course/images/map.png": b"<svg onload=alert(1)>"}),
            (),
            "web-course/images/map.png",
            "not a PNG, JPEG, WebP or GIF image",
        ),
        (_package(**{"../evil.md": "x"}), (), "../evil.md", "leaves the package"),
        (_package(**{"/etc/evil.md": "x"}), (), "/etc/evil.md", "leaves the package"),
        (
            _package(),
            [("web-course/lessons/c.md", "/etc/passwd")],
            "web-course/lessons/c.md",
            "Symbolic links are not allowed",
        ),
        (
            _package(**{"web-course/bomb.txt": b"\0" * (30 * 1024 * 1024)}),
            (),
            "web-course/bomb.txt",
            "unpacks to far more than it holds",
        ),
    ],
    ids=["broken-yaml", "fake-image", "dot-dot", "absolute", "symlink", "zip-bomb"],
)
def test_a_bad_archive_lists_its_problems_and_writes_nothing(
    app, client, make, auth, files, symlinks, where, message
):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    response = _web_import(client, _zip(files, symlinks=symlinks))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert where in page and message in page
    assert "nothing was imported" in page
    assert make.count(Course) == 0 and make.count(CourseImage) == 0


def test_every_problem_is_listed_with_file_and_line(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    files = _package(**{"web-course/lessons/a.md": "---\nslug: a\ntitle: A\n---\n[x](lesson:zz)\n"})
    del files["web-course/images/map.png"]
    page = _web_import(client, _zip(files)).get_data(as_text=True)
    assert "web-course/lessons/a.md:5" in page and "lesson:zz does not exist" in page
    assert "web-course/lessons/b.md:5" in page and "image:images/map.png does not exist" in page
    assert "2 problems found" in page


def test_a_file_that_is_not_a_zip_is_refused(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    response = _web_import(client, b"PK\x03\x04 but not really")
    assert response.status_code == 422
    assert "not a zip archive" in response.get_data(as_text=True)


def test_too_many_files_are_refused(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    files = _package(**{f"web-course/extra/{n}.txt": "x" for n in range(2001)})
    response = _web_import(client, _zip(files))
    assert response.status_code == 422
    assert "too many files" in response.get_data(as_text=True)
    assert make.count(Course) == 0


def test_an_archive_over_the_size_limit_is_refused(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    response = _web_import(client, b"\0" * (11 * 1024 * 1024))
    assert response.status_code == 413
    assert make.count(Course) == 0


def test_a_trainer_cannot_overwrite_another_trainers_course(app, client, make, auth):
    omar = make.user("omar", roles=("trainee", "trainer"))
    make.user("rania", roles=("trainee", "trainer"))
    make.course("Omar's", slug="web-course", owner=omar)
    auth.login("rania")
    response = _web_import(client, _zip(_package()))
    assert response.status_code == 422
    assert "exists and is not yours" in response.get_data(as_text=True)
    assert make.get(Course, 1).title == "Omar's"


def test_reimporting_keeps_progress_on_lessons_that_remain(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    _web_import(client, _zip(_package()))
    with app.app_context():
        lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "a"))
        course = db.session.get(Course, lesson.course_id)
        db.session.expunge_all()
    amal = make.user("amal")
    make.enrol(amal, course)
    make.complete(amal, lesson)
    _web_import(client, _zip(_package()))
    assert make.count(LessonProgress) == 1
    assert rania  # still the owner, the import did not add a second row
    assert make.count(CourseTrainer) == 1


def test_a_package_folder_with_bad_images_imports_nothing(app, make, tmp_path):
    package = tmp_path / "web-course"
    for name, data in _package().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    (package / "images" / "notes.txt").write_text("not an image")
    (package / "images" / "sub").mkdir()
    (package / "images" / "linked.png").symlink_to(package / "images" / "map.png")
    (package / "images" / "bad name!.png").write_bytes(drawing())
    result = courses_cli(app, "import", str(package))
    assert "images/notes.txt:0: This file is not a PNG" in result.output
    assert "images/sub:0: Only image files belong in images/." in result.output
    assert "images/linked.png:0: Only image files" in result.output
    assert "images/bad name!.png:0: Name image files" in result.output
    assert make.count(Course) == 0 and make.count(CourseImage) == 0


def test_hours_and_outcomes_travel_in_the_package(app, make, tmp_path):
    course = rich_course(app, make)
    out = tmp_path / "course.zip"
    courses_cli(app, "export", course.slug, str(out))
    with zipfile.ZipFile(out) as archive:
        course_yaml = archive.read(f"{course.slug}/course.yaml").decode()
    assert "hours: 1.5\noutcomes:\n- 'yes'\n- '2011'\n- 'تحليل خطاب: «مثال»'\n" in course_yaml
    with app.app_context():
        stored = db.session.get(Course, course.id)
        stored.hours, stored.outcomes = None, None
        db.session.commit()
    assert courses_cli(app, "import", str(out)).exit_code == 0
    with app.app_context():
        stored = db.session.get(Course, course.id)
        assert (stored.hours, stored.outcomes) == (1.5, ["yes", "2011", "تحليل خطاب: «مثال»"])
