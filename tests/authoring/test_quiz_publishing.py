"""A quiz added to a published course waits, unseen and uncounted, while its trainers write
its questions; trainees meet it once it is published."""

from tamkeen.quizzes.models import Quiz

from ..factories import EVERY_KIND
from .editor import new_question, questions_of


def _new_final_quiz(client, course) -> int:
    response = client.post_form(
        f"/teach/courses/{course.id}/final-quiz/new",
        {"title": "Secret exam", "pass_mark": "70", "feedback": "after_attempt", "counts": "best"},
    )
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_quiz_added_to_a_published_course_waits_until_published(app, client, make, auth, rania):
    course = make.course(owner=rania, modules=1, lessons=1)
    amal = make.user("amal")
    make.enrol(amal, course)
    make.complete(amal, course.modules[0].lessons[0])
    auth.login("rania")
    quiz_id = _new_final_quiz(client, course)
    new_question(client, quiz_id, EVERY_KIND[2])
    assert not make.get(Quiz, quiz_id).is_published
    editor = client.get(f"/teach/quizzes/{quiz_id}").text
    assert "Not published: trainees do not see this quiz yet." in editor
    assert "not published yet" in client.get(f"/teach/courses/{course.id}").text
    assert client.get(f"/courses/{course.id}/quizzes/{quiz_id}").status_code == 200  # trainers

    auth.logout()
    auth.login("amal")
    assert "Secret exam" not in client.get(f"/courses/{course.id}").text
    assert client.get(f"/courses/{course.id}/quizzes/{quiz_id}").status_code == 404
    start = client.post_form(f"/courses/{course.id}/quizzes/{quiz_id}/start")
    assert start.status_code == 404
    assert "100%" in client.get("/learning").text  # still complete
    assert "Secret exam" not in client.get(f"/courses/{course.id}/certificate").text

    auth.logout()
    auth.login("rania")
    response = client.post_form(f"/teach/quizzes/{quiz_id}/publish")
    assert response.status_code == 302 and make.get(Quiz, quiz_id).is_published
    assert "Publish this quiz" not in client.get(f"/teach/quizzes/{quiz_id}").text
    auth.logout()
    auth.login("amal")
    assert "Secret exam" in client.get(f"/courses/{course.id}").text
    assert client.get(f"/courses/{course.id}/quizzes/{quiz_id}").status_code == 200
    assert "100%" not in client.get("/learning").text  # a quiz still to pass


def test_a_quiz_without_questions_cannot_be_published(app, client, make, auth, rania):
    course = make.course(owner=rania, modules=1, lessons=1)
    auth.login("rania")
    quiz_id = _new_final_quiz(client, course)
    response = client.post_form(f"/teach/quizzes/{quiz_id}/publish", follow_redirects=True)
    assert "Add a question first" in response.text
    assert not make.get(Quiz, quiz_id).is_published
    assert client.post(f"/teach/quizzes/{quiz_id}/publish").status_code == 400  # no token


def test_publishing_the_course_publishes_its_quizzes(app, client, make, auth, rania):
    course = make.course(owner=rania, modules=1, lessons=1)
    auth.login("rania")
    quiz_id = _new_final_quiz(client, course)
    client.post_form(f"/teach/courses/{course.id}/unpublish")
    client.post_form(f"/teach/courses/{course.id}/publish")
    assert make.get(Quiz, quiz_id).is_published


def test_a_quiz_of_a_draft_course_is_published_with_it(app, client, make, auth, rania):
    course = make.course(owner=rania, modules=1, lessons=1, status="draft")
    auth.login("rania")
    quiz_id = _new_final_quiz(client, course)
    assert make.get(Quiz, quiz_id).is_published  # the course itself is the draft
    assert "Publish this quiz" not in client.get(f"/teach/quizzes/{quiz_id}").text


def test_the_last_question_of_a_quiz_trainees_take_stays(app, client, make, auth, rania):
    course = make.course(owner=rania, modules=1, lessons=1)
    quiz = make.quiz(course, questions=EVERY_KIND[:2])
    first, last = quiz.questions
    auth.login("rania")
    assert client.post_form(f"/teach/questions/{first.id}/delete").status_code == 302
    for response in (
        client.get(f"/teach/questions/{last.id}/delete", follow_redirects=True),
        client.post_form(f"/teach/questions/{last.id}/delete", {"confirm": "y"},
                         follow_redirects=True),
    ):  # fmt: skip
        assert "it keeps at least one question" in response.text
    assert [q.id for q in questions_of(app, quiz.id)] == [last.id]

    draft = make.course(owner=rania, modules=1, lessons=1, status="draft")
    quiz = make.quiz(draft, questions=EVERY_KIND[:1])
    response = client.post_form(f"/teach/questions/{quiz.questions[0].id}/delete")
    assert response.status_code == 302
    assert questions_of(app, quiz.id) == []  # trainees do not see a draft course
