"""Lessons whose facts are still being checked: trainees are cautioned, trainers see what to check.

A package marks such a lesson `review: true` with a `review_note`; the note survives import,
export, copies and the web editor, and the caution goes when the note is emptied.
"""

import zipfile

from markupsafe import escape
from sqlalchemy import select

from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson

from .helpers import lesson, run_import, write_package

NOTE = "Confirm article 5's list of documents in the Bulletin officiel."
FLAGGED = (
    "---\nslug: one\ntitle: Lesson one\nsummary: In short.\nreview: true\n"
    f"review_note: {NOTE}\n---\n\nSee [the next one](lesson:two).\n"
)
CAUTION = {
    "en": "A legal point in this lesson is still being checked",
    "ar": "لا تزال نقطة قانونية في هذا الدرس قيد التحقق",
}


def _note(app, slug="one", course_slug="sample-en"):
    with app.app_context():
        return db.session.scalar(
            select(Lesson.review_note)
            .join(Course, Course.id == Lesson.course_id)
            .where(Lesson.slug == slug, Course.slug == course_slug)
        )


def _lesson_page(app, slug="one", locale="en"):
    with app.app_context():
        row = db.session.execute(select(Lesson.course_id, Lesson.id).where(Lesson.slug == slug))
        course_id, lesson_id = row.one()
    with app.test_client() as visitor:
        url = f"/courses/{course_id}/lessons/{lesson_id}"
        return visitor.get(url, headers={"Accept-Language": locale}).get_data(as_text=True)


def _flagged_package(tmp_path):
    lessons = {"one": FLAGGED, "two": lesson("two"), "three": lesson("three")}
    return write_package(tmp_path / "pkg", lessons=lessons)


def test_a_lesson_marked_for_review_cautions_trainees_until_the_mark_is_removed(app, tmp_path):
    package = _flagged_package(tmp_path)
    assert run_import(app, package).exit_code == 0
    assert _note(app) == NOTE
    for locale, caution in CAUTION.items():
        page = _lesson_page(app, locale=locale)
        assert caution in page, locale
        assert str(escape(NOTE)) not in page, "the note is for trainers, not trainees"
    assert CAUTION["en"] not in _lesson_page(app, slug="two")

    (package / "lessons" / "one.md").write_text(lesson("one", "See [the next one](lesson:two)."))
    assert run_import(app, package).exit_code == 0
    assert _note(app) is None
    assert CAUTION["en"] not in _lesson_page(app)


def test_export_writes_the_mark_back_so_a_round_trip_keeps_it(app, tmp_path):
    assert run_import(app, _flagged_package(tmp_path)).exit_code == 0
    out = tmp_path / "sample.zip"
    result = app.test_cli_runner().invoke(args=["courses", "export", "sample-en", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        names = [name for name in archive.namelist() if name.endswith(".md")]
        texts = [archive.read(name).decode() for name in names]
    flagged = [text for text in texts if "review: true" in text]
    assert len(flagged) == 1 and f"review_note: {NOTE}" in flagged[0]

    with app.app_context():
        db.session.execute(db.update(Lesson).values(review_note=None))
        db.session.commit()
    assert run_import(app, out).exit_code == 0
    assert _note(app) == NOTE


def _editor_data(lesson_slug, **extra):
    data = {"title": "Lesson 1.1", "slug": lesson_slug, "summary": "", "body": "Text."}
    return {**data, "submit": "Save", **extra}


def test_trainer_sets_and_clears_the_note_in_the_editor(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="published")
    first = course.modules[0].lessons[0]
    auth.login("rania")
    url = f"/teach/lessons/{first.id}"
    assert (
        client.post_form(url, _editor_data(first.slug, review_note=f"  {NOTE}  ")).status_code
        == 302
    )
    assert _note(app, first.slug, course.slug) == NOTE, "applied at once, even as a draft"
    assert CAUTION["en"] in _lesson_page(app, first.slug)
    assert "facts to check" in client.get(f"/teach/courses/{course.id}").get_data(as_text=True)
    assert str(escape(NOTE)) in client.get(url).get_data(as_text=True)

    assert client.post_form(url, _editor_data(first.slug, review_note="")).status_code == 302
    assert _note(app, first.slug, course.slug) is None
    assert CAUTION["en"] not in _lesson_page(app, first.slug)


def test_an_overlong_note_is_refused_and_changes_nothing(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="draft")
    first = course.modules[0].lessons[0]
    auth.login("rania")
    data = _editor_data(first.slug, review_note="x" * 1001, body="Changed.")
    response = client.post_form(f"/teach/lessons/{first.id}", data)
    assert response.status_code == 422
    assert "Keep this under 1,000 characters." in response.get_data(as_text=True)
    assert _note(app, first.slug, course.slug) is None
    with app.app_context():
        assert db.session.get(Lesson, first.id).body != "Changed."


def test_a_copy_of_the_course_keeps_what_is_still_to_check(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="published")
    first = course.modules[0].lessons[0]
    with app.app_context():
        db.session.get(Lesson, first.id).review_note = NOTE
        db.session.commit()
    auth.login("rania")
    data = {"slug": "copy-fr", "title": "Copie", "language": "fr", "as_translation": "y"}
    response = client.post_form(f"/teach/courses/{course.id}/duplicate", data)
    assert response.status_code == 302
    assert _note(app, first.slug, "copy-fr") == NOTE
