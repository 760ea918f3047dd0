"""Browsing: only published courses, filtered by language; unknown ids are 404."""

import re


def test_catalogue_lists_published_courses_only(client, make):
    make.course("Campaigning basics")
    make.course("Unfinished draft", status="draft")
    page = client.get("/courses").get_data(as_text=True)
    assert "Campaigning basics" in page
    assert "Unfinished draft" not in page


def test_catalogue_filters_by_language(client, make):
    make.course("Rights online", language="en")
    make.course("Les droits en ligne", language="fr")
    page = client.get("/courses?language=fr").get_data(as_text=True)
    assert "Les droits en ligne" in page
    assert "Rights online" not in page


def test_unknown_language_filter_shows_everything_and_does_not_fail(client, make):
    make.course("Rights online")
    response = client.get("/courses?language=xx")
    assert response.status_code == 200
    assert "Rights online" in response.get_data(as_text=True)


def test_course_content_carries_its_own_language_and_direction(client, make):
    course = make.course("الحق في التعبير", language="ar")
    page = client.get(f"/courses/{course.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert '<html lang="en" dir="ltr">' in page
    assert 'lang="ar" dir="rtl"' in page


def test_draft_and_unknown_courses_are_not_found(client, make):
    draft = make.course(status="draft")
    assert client.get(f"/courses/{draft.id}").status_code == 404
    assert client.get("/courses/999999").status_code == 404
    lesson = draft.modules[0].lessons[0]
    assert client.get(f"/courses/{draft.id}/lessons/{lesson.id}").status_code == 404


def test_admin_can_preview_a_draft(client, make, auth):
    draft = make.course("Draft course", status="draft")
    make.user("root", roles=("admin",))
    auth.login("root")
    assert client.get(f"/courses/{draft.id}").status_code == 200


def test_course_page_lists_modules_and_lessons_in_order(client, make):
    course = make.course(modules=2, lessons=2)
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    positions = [
        page.index(title) for title in ["Lesson 1.1", "Lesson 1.2", "Lesson 2.1", "Lesson 2.2"]
    ]
    assert positions == sorted(positions)


def test_a_module_with_a_quiz_and_no_lesson_yet_shows_its_quiz(app, client, make):
    from tamkeen.extensions import db
    from tamkeen.learning.models import Course, Module

    course = make.course(modules=1, lessons=1)
    with app.app_context():
        db.session.add(Module(course_id=course.id, slug="quiz-only", position=2, title="Check"))
        db.session.add(Module(course_id=course.id, slug="stub", position=3, title="Stub only"))
        db.session.commit()
        quiz_module = db.session.get(Course, course.id).modules[1]
        db.session.expunge(quiz_module)
    quiz = make.quiz(course, quiz_module, questions=None, title="Module check")
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert "<h3>Check</h3>" in page and f"/quizzes/{quiz.id}" in page
    assert "Stub only" not in page  # nothing in it for trainees: not listed
    assert '<ol class="lessons">\n    </ol>' not in page


def test_trainee_page_titles_do_not_name_the_course(client, make):
    course = make.course("Sensitive topic")
    lesson = course.modules[0].lessons[0]
    for url in (f"/courses/{course.id}", f"/courses/{course.id}/lessons/{lesson.id}"):
        page = client.get(url).get_data(as_text=True)
        title = page.split("<title>")[1].split("</title>")[0]
        assert "Sensitive topic" not in title


def test_a_bare_catalogue_shows_no_filter_error(client, make):
    make.course("Rights online")
    page = client.get("/courses", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Rights online" in page
    assert "Not a valid choice" not in page and 'aria-invalid="true"' not in page


def test_the_catalogue_opens_on_the_visitors_language_with_all_one_link_away(client, make):
    make.course("A course in English", language="en")
    make.course("الحق في التعبير", language="ar")
    make.course("Cours en français", language="fr")
    titles = ["A course in English", "الحق في التعبير", "Cours en français"]
    for locale, own in (("ar", "الحق في التعبير"), ("fr", "Cours en français")):
        headers = {"Accept-Language": locale}
        page = client.get("/courses", headers=headers).get_data(as_text=True)
        assert [title for title in titles if title in page] == [own], locale
        assert 'href="/courses?language=all"' in page
        # All languages, the visitor's first; remembered in the URL only.
        page = client.get("/courses?language=all", headers=headers).get_data(as_text=True)
        positions = {title: page.index(title) for title in titles}
        assert min(positions, key=positions.get) == own, locale
        assert re.search(r'<option selected value="all">', page)
        assert "filter-all" not in page  # no link to what is shown
        page = client.get("/courses", headers=headers).get_data(as_text=True)
        assert "A course in English" not in page


def test_a_language_without_courses_says_so_and_offers_all(client, make):
    make.course("A course in English", language="en")
    page = client.get("/courses", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "A course in English" not in page
    assert 'href="/courses?language=all"' in page
    bad = client.get("/courses?language=xx", headers={"Accept-Language": "ar"})
    assert "A course in English" in bad.get_data(as_text=True)  # a wrong value: all, and why
    assert 'aria-invalid="true"' in bad.get_data(as_text=True)
