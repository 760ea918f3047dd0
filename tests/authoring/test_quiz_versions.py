"""Editing or deleting what trainees already answered never changes their attempts: a
change to how a question is graded makes a new version, deleting an answered question
leaves it to the attempts that hold it, and deleting a quiz says what goes first."""

from sqlalchemy import func, select

from tamkeen.extensions import db
from tamkeen.learning.models import Module
from tamkeen.quizzes import bank
from tamkeen.quizzes.models import Attempt, Question, Quiz, Response

from ..factories import EVERY_KIND, read_specs
from ..quizzes.helpers import answer, right_form, start, submit, take, wrong_form
from .editor import editor_fields, questions_of

CHOICE = EVERY_KIND[0]  # single choice; its right answer is "The Universal Declaration"
RENAMED = {
    **CHOICE,
    "choices": [{**CHOICE["choices"][0], "text": "The Universal Declaration (1948)"},
                *CHOICE["choices"][1:]],
}  # fmt: skip


def _world(make, questions=(CHOICE, EVERY_KIND[4])):
    owner = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=owner, modules=1, lessons=1)
    quiz = make.quiz(course, questions=list(questions))
    for name in ("amal", "hind", "sara"):
        make.enrol(make.user(name), course)
    return course, quiz


def _as(auth, name):
    auth.logout()
    auth.login(name)


def test_changing_an_answered_choice_makes_a_version_and_keeps_every_attempt(
    app, client, make, auth
):
    course, quiz = _world(make)
    old = quiz.questions[0]
    auth.login("amal")  # amal answers right and leaves her attempt open
    amal_attempt, _ = start(client, quiz)
    answer(client, amal_attempt, 1, right_form(old))
    answer(client, amal_attempt, 2, right_form(quiz.questions[1]))
    _as(auth, "hind")  # hind submits a wrong answer
    hind_attempt = take(client, quiz, wrong_form)

    _as(auth, "rania")
    page = client.get(f"/teach/questions/{old.id}").text
    assert "answered this question in 2 attempts" in page
    response = client.post_form(f"/teach/questions/{old.id}", editor_fields(RENAMED))
    assert response.status_code == 302
    assert "saved as a new version" in client.get(response.headers["Location"]).text
    current = questions_of(app, quiz.id)
    assert current[0].id != old.id and current[0].position == 1
    assert current[0].data["choices"][0]["text"] == "The Universal Declaration (1948)"
    assert make.get(Question, old.id).is_retired and make.get(Question, old.id).data == old.data

    _as(auth, "amal")  # her answer is still there, and still right
    page = client.get(f"/attempts/{amal_attempt}/questions/1").text
    assert f'value="{right_form(old)["answer"]}" checked' in page
    assert "The Universal Declaration (1948)" not in page
    submit(client, amal_attempt)
    assert make.get(Attempt, amal_attempt).percent == 100
    _as(auth, "hind")
    review = client.get(f"/attempts/{hind_attempt}").text
    assert "The 2011 Constitution" in review and "(1948)" not in review
    assert make.get(Attempt, hind_attempt).percent == 0

    _as(auth, "sara")  # a new attempt gets the new version
    sara_attempt, _ = start(client, quiz)
    assert make.get(Attempt, sara_attempt).question_order[0] == current[0].id

    _as(auth, "rania")
    statistics = client.get(f"/quizzes/{quiz.id}/statistics?attempts=all").text
    assert "Earlier versions and removed questions" in statistics
    earlier = statistics[statistics.index("Earlier versions") :]
    assert "The Universal Declaration" in earlier and "The 2011 Constitution" in earlier


def test_wording_changes_stay_in_place_and_unanswered_questions_change_in_place(
    app, client, make, auth
):
    course, quiz = _world(make)
    first, second = quiz.questions
    auth.login("amal")
    take(client, quiz, right_form)
    _as(auth, "rania")
    choices = [{**CHOICE["choices"][0], "feedback": "Right."}, *CHOICE["choices"][1:]]
    reworded = {**CHOICE, "prompt": "Which text came first?", "feedback": "See article 19.",
                "choices": choices}  # fmt: skip
    assert (
        client.post_form(f"/teach/questions/{first.id}", editor_fields(reworded)).status_code == 302
    )
    stored = make.get(Question, first.id)
    assert not stored.is_retired and stored.prompt == "Which text came first?"
    assert stored.data["choices"][0]["feedback"] == "Right."
    assert make.count(Question) == 2

    unanswered = make.quiz(course, final=True, questions=[CHOICE])
    target = unanswered.questions[0]
    client.post_form(f"/teach/questions/{target.id}", editor_fields(RENAMED))
    assert questions_of(app, unanswered.id)[0].id == target.id
    assert make.count(Question) == 3  # changed in place: no trainee answered it
    assert second.id in {q.id for q in questions_of(app, quiz.id)}


def test_deleting_an_answered_question_keeps_it_in_the_attempts(app, client, make, auth):
    course, quiz = _world(make)
    first, second = quiz.questions
    auth.login("amal")
    attempt_id = take(client, quiz, right_form)
    _as(auth, "rania")
    page = client.get(f"/teach/questions/{first.id}/delete").text
    assert "Trainees answered this question in 1 attempt." in page
    assert client.post_form(f"/teach/questions/{first.id}/delete").status_code == 422
    assert [q.id for q in questions_of(app, quiz.id)] == [first.id, second.id]
    response = client.post_form(f"/teach/questions/{first.id}/delete", {"confirm": "y"})
    assert response.status_code == 302
    remaining = questions_of(app, quiz.id)
    assert [(q.id, q.position) for q in remaining] == [(second.id, 1)]
    assert make.count(Response) == 2  # amal's answers are all still there
    assert client.get(f"/teach/questions/{first.id}").status_code == 404  # retired
    _as(auth, "amal")
    review = client.get(f"/attempts/{attempt_id}").text
    assert "The Universal Declaration" in review and make.get(Attempt, attempt_id).percent == 100


def test_deleting_an_unanswered_question_needs_no_confirmation(app, client, make, auth):
    course, quiz = _world(make)
    auth.login("rania")
    first = quiz.questions[0]
    assert "No trainee has answered" in client.get(f"/teach/questions/{first.id}/delete").text
    assert client.post_form(f"/teach/questions/{first.id}/delete").status_code == 302
    assert make.count(Question) == 1 and questions_of(app, quiz.id)[0].position == 1


def test_deleting_a_quiz_with_attempts_says_what_goes_and_asks(app, client, make, auth):
    course, quiz = _world(make)
    auth.login("amal")
    take(client, quiz, right_form)
    _as(auth, "hind")
    start(client, quiz)
    _as(auth, "rania")
    page = client.get(f"/teach/quizzes/{quiz.id}/delete").text
    for words in ["2 quiz attempts", "by 2 trainees", "1 of them passed", "1 still in progress"]:
        assert words in page, words
    assert client.post_form(f"/teach/quizzes/{quiz.id}/delete").status_code == 422
    assert make.count(Quiz) == 1 and make.count(Attempt) == 2
    response = client.post_form(f"/teach/quizzes/{quiz.id}/delete", {"confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/teach/courses/{course.id}"
    )
    assert make.count(Quiz) == 0 and make.count(Attempt) == 0 and make.count(Response) == 0


def test_deleting_a_quiz_nobody_took_needs_no_confirmation(client, make, auth):
    course, quiz = _world(make)
    auth.login("rania")
    assert "No trainee has taken this quiz" in client.get(f"/teach/quizzes/{quiz.id}/delete").text
    assert client.post_form(f"/teach/quizzes/{quiz.id}/delete").status_code == 302
    assert make.count(Quiz) == 0


def test_deleting_a_module_counts_its_quiz_attempts(app, client, make, auth):
    course, quiz = _world(make)
    auth.login("amal")
    take(client, quiz, right_form)  # no lesson completed: only the attempt is at stake
    _as(auth, "rania")
    module = course.modules[0]
    page = client.get(f"/teach/modules/{module.id}/delete").text
    assert "1 quiz attempt" in page and "by 1 trainee" in page
    assert client.post_form(f"/teach/modules/{module.id}/delete").status_code == 422
    assert make.count(Attempt) == 1
    client.post_form(f"/teach/modules/{module.id}/delete", {"confirm": "y"})
    assert make.count(Module) == 0 and make.count(Attempt) == 0
    assert "1 quiz attempt" not in client.get(f"/teach/courses/{course.id}/delete").text


def test_imports_make_versions_of_answered_questions_too(app, client, make, auth):
    """Package and GIFT imports go through the same rule as the editor."""
    course, quiz = _world(make)
    auth.login("amal")
    take(client, quiz, right_form)
    with app.app_context():
        stored = db.session.get(Quiz, quiz.id)
        bank.write_questions(stored, read_specs([RENAMED, EVERY_KIND[4]]))
        db.session.commit()
        questions = list(db.session.scalars(select(Question).order_by(Question.id)))
        assert [(q.id, q.is_retired) for q in questions] == [
            (quiz.questions[0].id, True), (quiz.questions[1].id, False), (questions[2].id, False)
        ]  # fmt: skip
        assert [q.id for q in stored.questions] == [questions[2].id, quiz.questions[1].id]
        bank.write_questions(stored, read_specs([RENAMED, EVERY_KIND[4]]))  # again: no change
        db.session.commit()
        assert db.session.scalar(select(func.count(Question.id))) == 3
