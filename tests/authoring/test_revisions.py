"""Drafts, publishing and revisions: trainees read only what was published."""

from sqlalchemy import select

from tamkeen.authoring.models import LessonRevision
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson

from ..inert import active_content


def _edit(client, lesson, body, title="Lesson 1.1", **extra):
    data = {"title": title, "slug": lesson.slug, "summary": "", "body": body, "submit": "Save"}
    return client.post_form(f"/teach/lessons/{lesson.id}", {**data, **extra})


def _trainee_page(app, course, lesson):
    with app.test_client() as anonymous:
        return anonymous.get(f"/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)


def test_editing_a_published_lesson_makes_a_draft_trainees_do_not_see(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _edit(client, lesson, "A **new** version.", title="A new title")
    assert response.status_code == 302
    page = _trainee_page(app, course, lesson)
    assert "Some <strong>text</strong> to read." in page and "new" not in page
    editor = client.get(f"/teach/lessons/{lesson.id}").get_data(as_text=True)
    assert "A **new** version." in editor and "your newest changes are a draft" in editor

    assert client.post_form(f"/teach/lessons/{lesson.id}/publish").status_code == 302
    page = _trainee_page(app, course, lesson)
    assert "A <strong>new</strong> version." in page and "A new title" in page


def test_a_lesson_added_to_a_published_course_waits_until_published(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=1, lessons=1)
    amal = make.user("amal")
    make.enrol(amal, course)
    make.complete(amal, course.modules[0].lessons[0])
    auth.login("rania")
    client.post_form(
        f"/teach/modules/{course.modules[0].id}/lessons/new",
        {"title": "Secret plans", "slug": "plans", "body": "Soon.", "submit": "Save"},
    )
    with app.app_context():
        new = db.session.scalar(select(Lesson).where(Lesson.slug == "plans"))
        assert not new.is_published
    with app.test_client() as anonymous:
        outline = anonymous.get(f"/courses/{course.id}").get_data(as_text=True)
        assert "Secret plans" not in outline
        assert anonymous.get(f"/courses/{course.id}/lessons/{new.id}").status_code == 404
    auth.logout()
    auth.login("amal")
    assert "100%" in client.get("/learning").get_data(as_text=True)  # still complete
    auth.logout()
    auth.login("rania")
    client.post_form(f"/teach/lessons/{new.id}/publish")
    assert "Secret plans" in app.test_client().get(f"/courses/{course.id}").get_data(as_text=True)


def test_in_a_draft_course_saves_go_straight_to_the_lesson(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="draft")
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    _edit(client, lesson, "Direct.")
    assert make.get(Lesson, lesson.id).body == "Direct."
    client.post_form(f"/teach/courses/{course.id}/publish")
    assert make.get(Course, course.id).is_published


def test_publishing_the_course_publishes_pending_drafts(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    _edit(client, lesson, "Pending.")
    client.post_form(f"/teach/courses/{course.id}/unpublish")
    assert app.test_client().get(f"/courses/{course.id}").status_code == 404
    client.post_form(f"/teach/courses/{course.id}/publish")
    assert "Pending." in _trainee_page(app, course, lesson)


def test_every_save_keeps_a_revision_with_who_and_when(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"), display_name="Rania B.")
    course = make.course(owner=rania)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    for body in ("One.", "Two.", "Three."):
        _edit(client, lesson, body)
    with app.app_context():
        saved = db.session.scalars(select(LessonRevision).order_by(LessonRevision.id)).all()
        assert [r.body for r in saved] == ["One.", "Two.", "Three."]
        assert {r.author_id for r in saved} == {rania.id}
        assert all(r.created_at is not None for r in saved)
    page = client.get(f"/teach/lessons/{lesson.id}/history").get_data(as_text=True)
    assert page.count("Rania B.") == 3


def test_preview_shows_the_lesson_as_trainees_will_and_saves_nothing(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _edit(client, lesson, "::: tip\nA **tip**.\n:::", submit="", preview="Preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="callout callout-tip"' in page and "<strong>tip</strong>" in page
    assert make.count(LessonRevision) == 0


def test_live_preview_returns_sanitized_html(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    auth.login("rania")
    response = client.post_form(
        f"/teach/courses/{course.id}/preview",
        {"body": "# Hi\n\n<script>alert(1)</script>[x](javascript:alert(1))"},
    )
    html = response.get_data(as_text=True)
    # a level under the editor's "Preview" heading (h2), as the page's outline wants
    assert "<h3>Hi</h3>" in html and active_content(html) == []


def test_diff_between_two_revisions_is_shown_as_text(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    _edit(client, lesson, "Line one.\nLine two.")
    _edit(client, lesson, "Line one.\nLine <img src=x onerror=alert(1)>.")
    page = client.get(f"/teach/lessons/{lesson.id}/history").get_data(as_text=True)
    assert "<del>- Line two.</del>" in page
    assert "<ins>+ Line &lt;img src=x onerror=alert(1)&gt;.</ins>" in page
    with app.app_context():
        first, second = db.session.scalars(select(LessonRevision.id).order_by(LessonRevision.id))
    page = client.get(f"/teach/lessons/{lesson.id}/history?old={first}&new={first}").get_data(
        as_text=True
    )
    assert "These two versions are the same." in page


def test_restoring_an_old_revision_adds_a_new_one(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="draft")
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    _edit(client, lesson, "Good text.")
    _edit(client, lesson, "Broken text.")
    with app.app_context():
        first = db.session.scalar(select(LessonRevision.id).order_by(LessonRevision.id))
    response = client.post_form(f"/teach/lessons/{lesson.id}/revisions/{first}/restore")
    assert response.status_code == 302
    assert make.get(Lesson, lesson.id).body == "Good text."
    assert make.count(LessonRevision) == 3


def test_a_revision_of_another_lesson_cannot_be_restored_here(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    one, two = course.modules[0].lessons
    auth.login("rania")
    _edit(client, two, "Other lesson.", title="Lesson 1.2")
    with app.app_context():
        revision = db.session.scalar(select(LessonRevision.id))
    response = client.post_form(f"/teach/lessons/{one.id}/revisions/{revision}/restore")
    assert response.status_code == 404
    assert make.count(LessonRevision) == 1


def test_trainee_lesson_page_takes_the_same_queries_with_drafts_and_history(
    app, client, make, auth, count_queries
):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=2, lessons=2)
    lesson = course.modules[0].lessons[0]
    amal = make.user("amal")
    make.enrol(amal, course)
    auth.login("amal")
    url = f"/courses/{course.id}/lessons/{lesson.id}"
    with count_queries() as before:
        client.get(url)
    auth.logout()
    auth.login("rania")
    for n in range(4):
        _edit(client, lesson, f"Draft {n}.")
    auth.logout()
    auth.login("amal")
    with count_queries() as after:
        page = client.get(url).get_data(as_text=True)
    assert "Some <strong>text</strong> to read." in page
    assert after.count == before.count
