"""Taking a quiz: every answer saved, resumed after a reload, submitted once, time and
attempt limits enforced by the server, and nobody else's attempt within reach."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.quizzes.kinds import KINDS
from tamkeen.quizzes.models import AnswerPick, Attempt, Response

from ..factories import EVERY_KIND
from .helpers import answer, right_form, start, submit, take, wrong_form


@pytest.fixture
def trainee(make, auth):
    """A signed-in trainee enrolled in a course whose first module has a quiz of every kind."""
    course = make.course(modules=2, lessons=1)
    quiz = make.quiz(course)
    user = make.user("amal")
    make.enrol(user, course)
    auth.login("amal")
    return user, course, quiz


def attempt_row(app, attempt_id):
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


def saved_answers(app, attempt_id) -> dict:
    with app.app_context():
        rows = db.session.scalars(select(Response).where(Response.attempt_id == attempt_id))
        return {row.question_id: row.answer for row in rows}


def test_trainee_answers_every_kind_and_passes_with_full_marks(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id = take(client, quiz, right_form)
    attempt = attempt_row(app, attempt_id)
    assert attempt.is_submitted and attempt.is_passed
    assert (attempt.score, attempt.max_score, attempt.percent) == (8, 8, 100)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Score: 8 out of 8 (100%)" in page
    assert "You passed this attempt." in page
    assert "Yes, article 19." in page  # the picked choice's feedback
    assert "Article 19 of the Universal Declaration" in page  # the general feedback
    assert 'name="q1-answer"' in page and 'name="q3-answer"' in page  # one group each


def test_wrong_answers_score_nothing_and_say_what_was_right(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id = take(client, quiz, wrong_form)
    attempt = attempt_row(app, attempt_id)
    assert attempt.score == 0
    assert not attempt.is_passed
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "You did not reach the pass mark of 70% this time." in page
    assert "a right answer" in page and "The right match:" in page
    assert "Its place: 1" in page


def test_trainee_resumes_quiz_after_reload(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id, location = start(client, quiz)
    assert location.endswith(f"/attempts/{attempt_id}/questions/1")
    first, second, third = quiz.questions[:3]
    for number, question in enumerate([first, second, third], start=1):
        answer(client, attempt_id, number, right_form(question))
    # The browser closed; the trainee comes back to the quiz and continues.
    again, location = start(client, quiz)
    assert again == attempt_id
    assert location.endswith("/questions/4")  # the first question still unanswered
    page = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert f'value="{right_form(first)["answer"]}" checked' in page
    page = client.get(f"/attempts/{attempt_id}/questions/2").get_data(as_text=True)
    assert page.count(" checked") == 2
    page = client.get(f"/attempts/{attempt_id}/questions/3").get_data(as_text=True)
    assert 'value="false" checked' in page
    assert len(saved_answers(app, attempt_id)) == 3


def test_every_navigation_button_saves_the_answer_first(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    typed = quiz.questions[3]
    response = answer(client, attempt_id, 4, {"answer": "88-13"}, go="2")
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/questions/2")
    response = answer(client, attempt_id, 5, {"answer": "30"}, go="summary")
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/summary")
    response = answer(client, attempt_id, 7, {}, go="next")
    assert response.headers["Location"].endswith("/summary")  # after the last question
    assert saved_answers(app, attempt_id)[typed.id] == "88-13"
    summary = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "5 of your answers are still empty" in summary


def test_answers_also_save_as_they_change_with_javascript(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    fields = {**right_form(quiz.questions[0]), "autosave": "1"}
    response = client.post_form(f"/attempts/{attempt_id}/questions/1", fields)
    assert response.status_code == 204
    assert saved_answers(app, attempt_id)[quiz.questions[0].id] == fields["answer"]


@pytest.mark.parametrize("number", [1, 2, 3, 6, 7])
def test_a_choice_that_is_not_in_the_question_is_refused_and_nothing_saved(
    app, client, trainee, number
):
    _user, _course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    question = quiz.questions[number - 1]
    forged = {key: "forged" for key in right_form(question)}
    if question.kind == "ordering":
        forged = {key: "9" for key in forged}
    response = answer(client, attempt_id, number, forged)
    assert response.status_code == 400
    assert saved_answers(app, attempt_id) == {}


def test_a_number_that_is_not_one_is_shown_back_with_a_message_and_not_saved(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    response = answer(client, attempt_id, 5, {"answer": "thirty"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a number, such as 12 or 3.5." in page and 'value="thirty"' in page
    assert saved_answers(app, attempt_id) == {}


def test_two_items_in_one_place_are_refused_with_a_message_and_not_saved(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    number = next(n for n, q in enumerate(quiz.questions, 1) if q.kind == "ordering")
    first, second, third = (
        f"position-{item['id']}" for item in quiz.questions[number - 1].data["items"]
    )
    response = answer(client, attempt_id, number, {first: "1", second: "1", third: "3"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Each position can be given to one item only" in page
    assert page.count('aria-invalid="true"') == 2  # the two items in place 1
    assert saved_answers(app, attempt_id) == {}
    # Places left open are not duplicates: a partial answer is saved.
    response = answer(client, attempt_id, number, {first: "2"}, go="stay")
    assert response.status_code == 302
    assert saved_answers(app, attempt_id) != {}


def test_every_saved_answer_says_so_on_the_next_page(client, trainee):
    _user, _course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    for number, question in enumerate(quiz.questions, start=1):
        response = answer(client, attempt_id, number, right_form(question), follow_redirects=True)
        assert f"Your answer to question {number} is saved." in response.get_data(as_text=True)
    # Saved as it changes (JavaScript): the page's live region says it, no message waits.
    response = answer(client, attempt_id, 1, {**right_form(quiz.questions[0]), "autosave": "1"})
    assert response.status_code == 204
    page = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert "is saved." not in page.split('id="save-status"')[0]


def test_double_submit_grades_once_and_shows_the_same_result(app, client, trainee, make):
    _user, _course, quiz = trainee
    attempt_id = take(client, quiz, right_form)
    first = attempt_row(app, attempt_id)
    picks = make.count(AnswerPick)
    response = submit(client, attempt_id)  # a double click, or a replayed request
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}")
    again = attempt_row(app, attempt_id)
    assert (again.submitted_at, again.score) == (first.submitted_at, first.score)
    assert make.count(AnswerPick) == picks
    assert make.count(Attempt) == 1


def test_an_answer_after_submission_is_refused_and_changes_nothing(app, client, trainee):
    _user, _course, quiz = trainee
    attempt_id = take(client, quiz, right_form)
    before = saved_answers(app, attempt_id)
    response = answer(client, attempt_id, 1, wrong_form(quiz.questions[0]))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This attempt is already submitted; your answer was not saved." in page
    assert saved_answers(app, attempt_id) == before
    autosave = {**wrong_form(quiz.questions[0]), "autosave": "1"}
    assert client.post_form(f"/attempts/{attempt_id}/questions/1", autosave).status_code == 205


def _expire(app, attempt_id, ago=timedelta(minutes=5)):
    with app.app_context():
        db.session.execute(
            update(Attempt).where(Attempt.id == attempt_id).values(deadline_at=utcnow() - ago)
        )
        db.session.commit()


def test_time_limit_submits_what_was_saved_at_the_next_request(
    app, client, make, signed_in_trainee
):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, time_limit_minutes=10)
    make.enrol(signed_in_trainee, course)
    attempt_id, _ = start(client, quiz)
    page = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert "Time left:" in page and 'data-seconds-left="' in page
    answer(client, attempt_id, 1, right_form(quiz.questions[0]))
    _expire(app, attempt_id)
    # Reading never writes: the page says the time is up and offers the result.
    page = client.get(f"/attempts/{attempt_id}/questions/2").get_data(as_text=True)
    assert "Time is up" in page
    assert not attempt_row(app, attempt_id).is_submitted
    # The next answer arrives too late: it is not saved, and the attempt is submitted.
    response = answer(client, attempt_id, 2, right_form(quiz.questions[1]))
    assert response.status_code == 302
    attempt = attempt_row(app, attempt_id)
    assert attempt.is_submitted and attempt.is_timed_out
    assert attempt.score == 1  # only the answer saved in time
    assert list(saved_answers(app, attempt_id).values()).count(None) == 6


def test_an_answer_a_few_seconds_late_still_counts(app, client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, time_limit_minutes=10)
    make.enrol(signed_in_trainee, course)
    attempt_id, _ = start(client, quiz)
    _expire(app, attempt_id, ago=timedelta(seconds=5))  # within the grace for slow networks
    assert answer(client, attempt_id, 1, right_form(quiz.questions[0])).status_code == 302
    assert len(saved_answers(app, attempt_id)) == 1
    assert submit(client, attempt_id).status_code == 302
    assert attempt_row(app, attempt_id).is_timed_out


def test_expired_attempt_is_submitted_by_the_command_for_the_absent(
    app, client, make, signed_in_trainee
):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, time_limit_minutes=10)
    make.enrol(signed_in_trainee, course)
    attempt_id, _ = start(client, quiz)
    _expire(app, attempt_id)
    result = app.test_cli_runner().invoke(args=["quizzes", "close-expired"])
    assert "1 attempt(s) submitted." in result.output
    assert attempt_row(app, attempt_id).is_timed_out


def test_attempt_limit_refuses_another_start(app, client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, max_attempts=1)
    make.enrol(signed_in_trainee, course)
    take(client, quiz, wrong_form)
    response = client.post_form(f"/courses/{course.id}/quizzes/{quiz.id}/start")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You have used every attempt this quiz allows." in page
    assert make.count(Attempt) == 1


def test_a_second_start_resumes_instead_of_opening_another_attempt(client, trainee, make):
    _user, _course, quiz = trainee
    first, _ = start(client, quiz)
    second, _ = start(client, quiz)
    assert first == second and make.count(Attempt) == 1


def test_someone_elses_attempt_is_not_found_and_left_alone(app, client, trainee, make, auth):
    _user, course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    answer(client, attempt_id, 1, right_form(quiz.questions[0]))
    auth.logout()
    make.enrol(make.user("omar"), course)
    auth.login("omar")
    for url in [f"/attempts/{attempt_id}", f"/attempts/{attempt_id}/questions/1",
                f"/attempts/{attempt_id}/summary"]:  # fmt: skip
        assert client.get(url).status_code == 404
    assert answer(client, attempt_id, 1, wrong_form(quiz.questions[0])).status_code == 404
    assert submit(client, attempt_id).status_code == 404
    attempt = attempt_row(app, attempt_id)
    assert not attempt.is_submitted
    assert (
        saved_answers(app, attempt_id)[quiz.questions[0].id]
        == right_form(quiz.questions[0])["answer"]
    )


def test_unknown_quizzes_and_attempts_are_not_found(client, trainee, make):
    _user, course, quiz = trainee
    other = make.course()
    assert client.get(f"/courses/{course.id}/quizzes/{quiz.id + 100}").status_code == 404
    assert client.get(f"/courses/{other.id}/quizzes/{quiz.id}").status_code == 404
    assert client.post_form(f"/courses/{other.id}/quizzes/{quiz.id}/start").status_code == 404
    assert client.get("/attempts/999").status_code == 404
    attempt_id, _ = start(client, quiz)
    assert client.get(f"/attempts/{attempt_id}/questions/99").status_code == 404
    assert answer(client, attempt_id, 99, {}).status_code == 404


def test_a_draft_courses_quiz_is_not_found_for_trainees(client, make, signed_in_trainee):
    course = make.course(status="draft")
    quiz = make.quiz(course)
    assert client.get(f"/courses/{course.id}/quizzes/{quiz.id}").status_code == 404


def test_only_enrolled_trainees_start_a_quiz(client, make, signed_in_trainee):
    course = make.course()
    quiz = make.quiz(course)
    assert client.post_form(f"/courses/{course.id}/quizzes/{quiz.id}/start").status_code == 302
    page = client.get(f"/courses/{course.id}/quizzes/{quiz.id}").get_data(as_text=True)
    assert "Enrol in the course to take its quizzes." in page
    response = client.post_form(f"/courses/{course.id}/quizzes/{quiz.id}/start")
    assert response.headers["Location"].endswith(f"/courses/{course.id}")
    assert make.count(Attempt) == 0


def test_drawn_questions_and_their_order_are_frozen_for_the_attempt(
    app, client, make, signed_in_trainee
):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, draw=4, shuffle_questions=True, shuffle_choices=True)
    make.enrol(signed_in_trainee, course)
    attempt_id, _ = start(client, quiz)
    attempt = attempt_row(app, attempt_id)
    assert len(attempt.question_order) == 4 and attempt.seed is not None

    def question(number: int) -> str:
        page = client.get(f"/attempts/{attempt_id}/questions/{number}").get_data(as_text=True)
        return page[page.index('<div class="question"') : page.index('id="save-status"')]

    pages = [question(n) for n in range(1, 5)]
    assert pages == [question(n) for n in range(1, 5)]  # the same questions, same order
    assert len(set(pages)) == 4
    assert client.get(f"/attempts/{attempt_id}/questions/5").status_code == 404


@pytest.mark.parametrize(
    ("feedback", "passes", "shown"),
    [
        ("after_attempt", False, True),
        ("after_pass", False, False),
        ("after_pass", True, True),
        ("never", True, False),
    ],
)
def test_review_shows_answers_only_as_the_quiz_allows(client, make, auth, feedback, passes, shown):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, feedback=feedback)
    make.enrol(make.user("amal"), course)
    auth.login("amal")
    attempt_id = take(client, quiz, right_form if passes else wrong_form)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Score:" in page
    assert ("Your answers" in page) is shown
    assert ("Article 19 of the Universal Declaration" in page) is shown


def test_the_last_attempt_counts_when_the_quiz_says_so(app, client, make, auth):
    from tamkeen.quizzes.standing import standings

    course = make.course(modules=1, lessons=1)
    best, last = make.quiz(course, counts="best"), make.quiz(course, counts="last", final=True)
    user = make.user("amal")
    make.enrol(user, course)
    auth.login("amal")
    for quiz in (best, last):
        take(client, quiz, right_form)
        take(client, quiz, wrong_form)
    with app.app_context():
        found = standings([user.id], [best.id, last.id])
    assert found[(user.id, best.id)].is_passed
    assert not found[(user.id, last.id)].is_passed
    assert found[(user.id, last.id)].attempts == 2


def test_submits_arriving_together_grade_once(app, client, trainee, make):
    """Six submits at the same moment (a double click on a slow line, replayed requests):
    the attempt row's lock lets one grade it; the others find it graded."""
    import threading

    _user, _course, quiz = trainee
    attempt_id, _ = start(client, quiz)
    for number, question in enumerate(quiz.questions, start=1):
        answer(client, attempt_id, number, right_form(question))
    cookie = client.get_cookie("tamkeen_session").value
    barrier, statuses = threading.Barrier(6), []

    def submit_too():
        other = app.test_client()
        other.set_cookie("tamkeen_session", cookie)
        token = other.csrf_token()
        barrier.wait()
        response = other.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit_too) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 6
    assert attempt_row(app, attempt_id).score == 8
    with app.app_context():
        picks = db.session.scalar(
            select(db.func.count(AnswerPick.id))
            .join(Response, Response.id == AnswerPick.response_id)
            .where(Response.attempt_id == attempt_id)
        )
    once = sum(
        len(KINDS[q.kind].picks(q.data, KINDS[q.kind].right_answer(q.data))) for q in quiz.questions
    )
    assert picks == once  # one grading's picks, not six


def test_a_prompt_links_to_a_lesson_of_the_course(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=1)
    lesson = course.modules[0].lessons[0]
    question = dict(EVERY_KIND[2], prompt="See [the lesson](lesson:lesson-1-1) first.")
    quiz = make.quiz(course, questions=[question])
    make.enrol(signed_in_trainee, course)
    attempt_id, _ = start(client, quiz)
    page = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert f'href="/courses/{course.id}/lessons/{lesson.id}"' in page
