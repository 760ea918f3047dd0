"""A trainer builds a course: create, edit, reorder and delete, with forms that need no script."""

import pytest
from sqlalchemy import select

from tamkeen.extensions import db
from tamkeen.learning.models import Course, CourseTrainer, Enrolment, Lesson, LessonProgress, Module


def _titles(app, course_id):
    with app.app_context():
        course = db.session.get(Course, course_id)
        return [(m.title, [lesson.title for lesson in m.lessons]) for m in course.modules]


def test_trainer_creates_a_course_and_owns_it(app, client, make, auth):
    trainer = make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    response = client.post_form(
        "/teach/courses/new",
        {"title": "Budgets for associations", "slug": "budgets-fr", "language": "fr",
         "summary": "Tenir un budget.", "translation_group": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert "Its short name" not in client.get(response.headers["Location"]).text  # typed
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "budgets-fr"))
        assert course.status == "draft" and course.translation_group is None
        owner = db.session.scalar(select(CourseTrainer).where(CourseTrainer.course_id == course.id))
        assert owner.user_id == trainer.id and owner.is_owner
    assert "Budgets for associations" in client.get("/teach/").get_data(as_text=True)


def test_course_form_errors_are_in_the_users_language_and_save_nothing(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"), locale="fr")
    make.course(slug="taken")
    auth.login("rania")
    response = client.post_form(
        "/teach/courses/new", {"title": "", "slug": "Not A Slug!", "language": "de"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Saisissez un titre." in page
    assert "a-z" in page
    response = client.post_form(
        "/teach/courses/new", {"title": "T", "slug": "taken", "language": "en"}
    )
    assert response.status_code == 422
    assert make.count(Course) == 1


def test_trainer_sees_only_the_courses_they_teach(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    other = make.user("omar", roles=("trainee", "trainer"))
    make.course("Mine", owner=rania)
    shared = make.course("Shared with me", owner=other)
    make.co_trainer(shared, rania)
    make.course("Not mine", owner=other)
    auth.login("rania")
    page = client.get("/teach/").get_data(as_text=True)
    assert "Mine" in page and "Shared with me" in page and "Not mine" not in page


def test_workspace_list_takes_the_same_queries_for_many_courses(client, make, auth, count_queries):
    rania = make.user("rania", roles=("trainee", "trainer"))
    make.course("One", owner=rania)
    auth.login("rania")
    with count_queries() as few:
        client.get("/teach/")
    for n in range(5):
        make.course(f"Course {n}", owner=rania)
    with count_queries() as many:
        client.get("/teach/")
    assert many.count == few.count


def test_modules_and_lessons_move_up_and_down_without_javascript(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=2, lessons=3)
    auth.login("rania")
    second = course.modules[1]
    response = client.post_form(f"/teach/modules/{second.id}/move", {"direction": "up"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/teach/courses/{course.id}#module-{second.id}"
    )
    lesson = course.modules[0].lessons[0]
    client.post_form(f"/teach/lessons/{lesson.id}/move", {"direction": "down"})
    client.post_form(f"/teach/lessons/{lesson.id}/move", {"direction": "down"})
    client.post_form(f"/teach/lessons/{lesson.id}/move", {"direction": "down"})  # already last
    assert _titles(app, course.id) == [
        ("Module 2", ["Lesson 2.1", "Lesson 2.2", "Lesson 2.3"]),
        ("Module 1", ["Lesson 1.2", "Lesson 1.3", "Lesson 1.1"]),
    ]


def test_a_script_can_drop_a_lesson_at_a_position(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=1, lessons=3)
    auth.login("rania")
    last = course.modules[0].lessons[2]
    response = client.post_form(
        f"/teach/lessons/{last.id}/move", {"position": "1"}, headers={"Accept": "application/json"}
    )
    assert response.get_json() == {"ok": True}
    assert _titles(app, course.id)[0][1] == ["Lesson 1.3", "Lesson 1.1", "Lesson 1.2"]


def test_a_move_without_a_direction_is_refused(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    auth.login("rania")
    assert client.post_form(f"/teach/modules/{course.modules[0].id}/move").status_code == 400
    assert (
        client.post_form(
            f"/teach/modules/{course.modules[0].id}/move", {"direction": "sideways"}
        ).status_code
        == 400
    )


def test_trainer_adds_a_module_and_a_lesson(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="draft", modules=1, lessons=1)
    auth.login("rania")
    response = client.post_form(
        f"/teach/courses/{course.id}/modules/new",
        {"title": "Money", "slug": "money", "summary": "  Where it comes from.  "},
    )
    assert response.status_code == 302
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "money"))
        assert module.position == 2 and module.summary == "Where it comes from."
        module_id = module.id
    response = client.post_form(
        f"/teach/modules/{module_id}/lessons/new",
        {"title": "Grants", "slug": "grants", "body": "## Where\r\n\r\nText.", "submit": "Save"},
    )
    assert response.status_code == 302
    with app.app_context():
        lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "grants"))
        assert lesson.body == "## Where\n\nText."  # one kind of line ending
        assert lesson.is_published  # a draft course: it appears when the course does


def test_duplicate_short_names_in_a_course_are_refused(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=2, lessons=1)
    auth.login("rania")
    response = client.post_form(
        f"/teach/courses/{course.id}/modules/new", {"title": "Again", "slug": "module-1"}
    )
    assert response.status_code == 422
    response = client.post_form(
        f"/teach/modules/{course.modules[0].id}/lessons/new",
        {"title": "Again", "slug": "lesson-2-1", "body": "x", "submit": "Save"},
    )
    assert response.status_code == 422
    assert make.count(Module) == 2 and make.count(Lesson) == 2


def test_deleting_a_module_with_progress_asks_and_says_what_is_lost(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=2, lessons=2)
    amal, hind = make.user("amal"), make.user("hind")
    for person in (amal, hind):
        make.enrol(person, course)
        make.complete(person, course.modules[0].lessons[0])
    make.complete(amal, course.modules[0].lessons[1])
    module = course.modules[0]
    auth.login("rania")
    page = client.get(f"/teach/modules/{module.id}/delete").get_data(as_text=True)
    assert "3 completed lessons" in page and "of 2 trainees" in page

    response = client.post_form(f"/teach/modules/{module.id}/delete")  # not confirmed
    assert response.status_code == 422
    assert make.count(Module) == 2 and make.count(LessonProgress) == 3

    response = client.post_form(f"/teach/modules/{module.id}/delete", {"confirm": "y"})
    assert response.status_code == 302
    assert make.count(Module) == 1 and make.count(LessonProgress) == 0
    assert make.count(Enrolment) == 2  # the trainees stay enrolled in the course
    assert make.get(Module, course.modules[1].id).position == 1


def test_deleting_a_lesson_without_progress_needs_no_confirmation(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=1, lessons=2)
    auth.login("rania")
    lesson = course.modules[0].lessons[0]
    assert "No trainee has progress here" in client.get(
        f"/teach/lessons/{lesson.id}/delete"
    ).get_data(as_text=True)
    assert client.post_form(f"/teach/lessons/{lesson.id}/delete").status_code == 302
    assert make.count(Lesson) == 1


def test_owner_deletes_a_course_after_confirming_its_enrolments_go(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    make.enrol(make.user("amal"), course)
    auth.login("rania")
    assert "1 enrolment" in client.get(f"/teach/courses/{course.id}/delete").get_data(as_text=True)
    assert client.post_form(f"/teach/courses/{course.id}/delete").status_code == 422
    assert make.count(Course) == 1
    client.post_form(f"/teach/courses/{course.id}/delete", {"confirm": "y"})
    assert make.count(Course) == 0 and make.count(Enrolment) == 0


def test_tampered_ids_answer_404(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    for url in ["/teach/courses/999", "/teach/modules/999", "/teach/lessons/999/history"]:
        assert client.get(url).status_code == 404
    assert client.post_form("/teach/lessons/999/move", {"direction": "up"}).status_code == 404


def test_owner_adds_and_removes_a_co_trainer(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    make.user("omar", roles=("trainee", "trainer"))
    make.user("amal")
    course = make.course(owner=rania)
    auth.login("rania")
    url = f"/teach/courses/{course.id}/trainers"
    assert client.post_form(url, {"username": "amal"}).status_code == 422  # not a trainer
    assert client.post_form(url, {"username": "nobody"}).status_code == 422
    assert client.post_form(url, {"username": "Omar"}).status_code == 302
    assert client.post_form(url, {"username": "omar"}).status_code == 422  # already there
    assert make.count(CourseTrainer) == 2
    with app.app_context():
        row = db.session.scalar(select(CourseTrainer).where(CourseTrainer.is_owner.is_(False)))
        row_id = row.id
    assert client.post_form(f"{url}/{row_id}/remove").status_code == 302
    assert make.count(CourseTrainer) == 1


def test_the_owner_cannot_be_removed(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    auth.login("rania")
    with app.app_context():
        row_id = db.session.scalar(select(CourseTrainer.id))
    url = f"/teach/courses/{course.id}/trainers/{row_id}/remove"
    assert client.post_form(url).status_code == 404
    assert make.count(CourseTrainer) == 1


def test_bundled_courses_without_owner_belong_to_admins(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    make.user("root", roles=("trainee", "admin"))
    course = make.course(status="draft")
    auth.login("rania")
    assert client.get(f"/teach/courses/{course.id}").status_code == 404
    assert client.get(f"/courses/{course.id}").status_code == 404  # a draft stays hidden
    auth.logout()
    auth.login("root")
    assert client.get(f"/teach/courses/{course.id}").status_code == 200


def test_a_double_submitted_new_course_is_created_once(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    data = {"title": "Budgets", "slug": "budgets", "language": "en"}
    assert client.post_form("/teach/courses/new", data).status_code == 302
    assert client.post_form("/teach/courses/new", data).status_code == 422
    assert make.count(Course) == 1


def test_course_outline_takes_the_same_queries_for_a_bigger_course(
    client, make, auth, count_queries
):
    rania = make.user("rania", roles=("trainee", "trainer"))
    small = make.course(owner=rania, modules=1, lessons=1)
    big = make.course(owner=rania, modules=4, lessons=5)
    auth.login("rania")
    client.get(f"/teach/courses/{small.id}")
    with count_queries() as few:
        client.get(f"/teach/courses/{small.id}")
    with count_queries() as many:
        client.get(f"/teach/courses/{big.id}")
    assert many.count == few.count


def test_publishing_a_course_with_an_empty_module_warns_and_still_publishes(
    app, client, make, auth, rania
):
    course = make.course(owner=rania, status="draft", modules=1, lessons=1)
    with app.app_context():
        db.session.add(Module(course_id=course.id, slug="later", position=2, title="Coming later"))
        db.session.commit()
    auth.login("rania")
    page = client.post_form(f"/teach/courses/{course.id}/publish", follow_redirects=True).text
    assert "The course is published" in page
    assert "Some modules have no lesson yet: « Coming later »." in page
    assert make.get(Course, course.id).status == "published"

    with app.app_context():
        db.session.execute(db.delete(Module).where(Module.slug == "later"))
        db.session.commit()
    client.post_form(f"/teach/courses/{course.id}/unpublish")
    page = client.post_form(f"/teach/courses/{course.id}/publish", follow_redirects=True).text
    assert "The course is published" in page and "no lesson yet" not in page


@pytest.mark.parametrize(
    ("title", "language", "slug"),
    [("حرية التعبير", "ar", "hrya-altabyr"), ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "fr", "tamazight")],
)
def test_a_course_left_without_a_short_name_gets_one_from_its_title(
    app, client, make, auth, rania, title, language, slug
):
    auth.login("rania")
    fields = {"title": title, "slug": "", "language": language, "summary": ""}
    first = client.post_form("/teach/courses/new", fields, follow_redirects=True)
    assert first.status_code == 200 and f"Its short name is \u2068{slug}\u2069;" in first.text
    client.post_form("/teach/courses/new", fields)  # the same title again: numbered
    with app.app_context():
        slugs = db.session.scalars(select(Course.slug).order_by(Course.id)).all()
        course_id = db.session.scalar(select(Course.id).where(Course.slug == slug))
    assert slugs == [slug, f"{slug}-2"]
    edited = client.post_form(f"/teach/courses/{course_id}", {**fields, "title": "Renamed"})
    assert edited.status_code == 302  # an empty short name on the edit form keeps the course's
    assert make.get(Course, course_id).slug == slug


def test_modules_and_lessons_left_without_a_short_name_get_one_from_their_title(
    app, client, make, auth, rania
):
    course = make.course(owner=rania, modules=1, lessons=1)
    auth.login("rania")
    for _ in range(2):
        response = client.post_form(
            f"/teach/courses/{course.id}/modules/new", {"title": "الأساسيات", "slug": ""}
        )
        assert response.status_code == 302
    module_id = course.modules[0].id
    for title in ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "ⵜⴰⵎⴰⵣⵉⵖⵜ"):
        response = client.post_form(
            f"/teach/modules/{module_id}/lessons/new", {"title": title, "slug": "", "body": "x"}
        )
        assert response.status_code == 302
    with app.app_context():
        modules = db.session.scalars(
            select(Module.slug).where(Module.course_id == course.id).order_by(Module.position)
        ).all()
        lessons = db.session.scalars(
            select(Lesson.slug).where(Lesson.module_id == module_id).order_by(Lesson.position)
        ).all()
    assert modules == ["module-1", "alasasyat", "alasasyat-2"]
    assert lessons == ["lesson-1-1", "tamazight", "tamazight-2"]


def test_the_course_settings_take_hours_and_what_the_holder_can_now_do(
    app, client, make, auth, rania
):
    course = make.course("Droits en ligne", language="fr", owner=rania, modules=1, lessons=1)
    auth.login("rania")
    url = f"/teach/courses/{course.id}"
    fields = {"title": course.title, "slug": course.slug, "language": "fr", "summary": ""}
    refused = {
        "hours_text": "douze",
        "outcome_lines": "\n".join(f"Ligne {n}" for n in range(7)),
    }
    page = client.post_form(url, {**fields, **refused})
    assert page.status_code == 422
    assert (
        "Enter a number of hours from 0.5 to 1000" in page.text and "At most 6 lines." in page.text
    )
    for hours in ("0", "1.3", "1001"):
        assert client.post_form(url, {**fields, "hours_text": hours}).status_code == 422
    assert (make.get(Course, course.id).hours, make.get(Course, course.id).outcomes) == (None, None)

    lines = "Rédiger un signalement\n\n  Évaluer   une restriction  \n"
    saved = client.post_form(url, {**fields, "hours_text": "12,5", "outcome_lines": lines})
    assert saved.status_code == 302
    stored = make.get(Course, course.id)
    assert stored.hours == 12.5
    assert stored.outcomes == ["Rédiger un signalement", "Évaluer une restriction"]
    form = client.get(url).text
    assert (
        'value="12.5"' in form
        and "Rédiger un signalement\nÉvaluer une restriction</textarea>" in form
    )
    assert (
        client.post_form(url, {**fields, "hours_text": "", "outcome_lines": ""}).status_code == 302
    )
    assert (make.get(Course, course.id).hours, make.get(Course, course.id).outcomes) == (None, None)
