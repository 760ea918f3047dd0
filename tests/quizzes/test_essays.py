"""Essays graded by trainers and descriptions between questions (issue 22): saving,
awaiting grading, the anonymous queue, grading once and within bounds, the notice,
completion and statistics waiting for the grade, GIFT and packages, erasure, access."""

import re

import pytest
from sqlalchemy import select

from tamkeen.accounts.models import Notice
from tamkeen.accounts.personal_data import erase_account, export_data
from tamkeen.audit import AuditEvent
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.services import course_completed
from tamkeen.quizzes.gift import parse_gift
from tamkeen.quizzes.gift_export import export_gift
from tamkeen.quizzes.kinds import MAX_ESSAY, Checker
from tamkeen.quizzes.models import Attempt, Response
from tamkeen.quizzes.spec import question_to_spec, read_question
from tamkeen.yamlfile import parse_yaml

from ..authoring.editor import new_question, questions_of
from ..factories import EVERY_KIND
from .helpers import answer, right_form, start, submit

ESSAY_TEXT = "Freedom of expression protects journalists.\nIt also has limits."
QUESTIONS = [
    EVERY_KIND[0],  # a single choice, 1 point
    {"kind": "description", "name": "case", "prompt": "Read this case: a blogger is sued."},
    {"kind": "essay", "name": "why", "prompt": "Why does the law protect sources?", "points": 4},
]


@pytest.fixture
def essays(make):
    """Trainer Tariq's course, its quiz with a choice, a description and an essay (4 points);
    Amal, enrolled, has done the course's lesson, so passing the quiz completes it."""
    tariq = make.user("tariq", roles=("trainer",))
    course = make.course(modules=1, lessons=1, owner=tariq)
    quiz = make.quiz(course, questions=QUESTIONS, pass_mark=60)
    amal = make.user("amal", display_name="Amal Benali")
    make.enrol(amal, course)
    make.complete(amal, course.modules[0].lessons[0])
    return course, quiz, amal


def answer_all(client, quiz, essay=ESSAY_TEXT, right=False) -> int:
    attempt_id, _ = start(client, quiz)
    first = quiz.questions[0]
    fields = right_form(first) if right else {"answer": first.data["choices"][-1]["id"]}
    assert answer(client, attempt_id, 1, fields).status_code == 302
    assert answer(client, attempt_id, 2, {}).status_code == 302  # the description
    assert answer(client, attempt_id, 3, {"answer": essay}).status_code == 302
    assert submit(client, attempt_id).status_code == 302
    return attempt_id


def essay_response(app, attempt_id) -> Response:
    with app.app_context():
        found = db.session.scalars(
            select(Response).where(Response.attempt_id == attempt_id, Response.answer.is_not(None))
        ).all()
        response = next(r for r in found if isinstance(r.answer, str) and "\n" in r.answer)
        db.session.expunge(response)
        return response


def grade(client, course, response_id, points, feedback=""):
    prefix = f"r{response_id}-"
    token = client.csrf_token()
    return client.post(
        f"/courses/{course.id}/grading/{response_id}",
        data={f"{prefix}csrf_token": token, f"{prefix}points": points,
              f"{prefix}feedback": feedback},
    )  # fmt: skip


def test_an_essay_saves_like_any_answer_and_a_too_long_one_is_refused(
    app, client, make, auth, essays
):
    _course, quiz, _amal = essays
    auth.login("amal")
    attempt_id, _ = start(client, quiz)
    page = client.get(f"/attempts/{attempt_id}/questions/3")
    assert "<textarea" in page.text and f'maxlength="{MAX_ESSAY}"' in page.text
    description = client.get(f"/attempts/{attempt_id}/questions/2").text
    assert "Nothing to answer here" in description and 'name="answer"' not in description
    assert answer(client, attempt_id, 3, {"answer": "A first draft."}).status_code == 302
    saved = answer(client, attempt_id, 3, {"answer": "Second draft.", "autosave": "1"})
    assert saved.status_code == 204  # the script's autosave
    summary = client.get(f"/attempts/{attempt_id}/summary").text
    assert "Information" in summary and summary.count("not answered yet") == 1  # the choice
    too_long = answer(client, attempt_id, 3, {"answer": "x" * (MAX_ESSAY + 1)})
    assert too_long.status_code == 422
    assert f"Your answer is {MAX_ESSAY + 1} characters long" in too_long.text
    with app.app_context():
        stored = db.session.scalars(select(Response.answer)).all()
    assert stored == ["Second draft."]


def test_submitting_leaves_the_attempt_awaiting_grading_and_completion_waits(
    app, client, make, auth, essays
):
    course, quiz, amal = essays
    auth.login("amal")
    completed = []
    with course_completed.connected_to(lambda sender, user: completed.append(user.id)):
        attempt_id = answer_all(client, quiz, right=True)
    review = client.get(f"/attempts/{attempt_id}").text
    assert "A trainer has yet to grade your written answers." in review
    assert "Score:" not in review and "You passed" not in review
    assert "awaiting grading" in review and "Information" in review
    assert "Awaiting grading" in client.get(f"/courses/{course.id}/quizzes/{quiz.id}").text
    attempt = make.get(Attempt, attempt_id)
    assert attempt.is_awaiting_grading and attempt.score is None and not attempt.is_passed
    assert attempt.max_score == 5  # the description counts for nothing
    assert completed == []
    with app.app_context():
        progress = learning.progress_for([amal.id], [course.id])[(amal.id, course.id)]
        assert not progress.is_complete


def test_the_queue_is_anonymous_and_grading_gives_the_result_a_notice_and_completion(
    app, client, make, auth, essays
):
    course, quiz, amal = essays
    auth.login("amal")
    attempt_id = answer_all(client, quiz, right=True)
    auth.logout()
    auth.login("tariq")
    queue = client.get(f"/courses/{course.id}/grading")
    assert queue.status_code == 200
    assert "Freedom of expression protects journalists." in queue.text
    assert "Amal" not in queue.text and "amal" not in queue.text
    response_id = essay_response(app, attempt_id).id
    for points, message in (
        ("5", "Give from 0 to 4 points."),
        ("-1", "Give from 0 to 4 points."),
        ("many", "Enter a number, such as 2 or 1.5."),
        ("", "Give the points, from 0 to the question"),
    ):
        refused = grade(client, course, response_id, points)
        assert refused.status_code == 422 and message in refused.text, points
    assert essay_response(app, attempt_id).score is None
    completed = []
    with course_completed.connected_to(lambda sender, user: completed.append(user.id)):
        done = grade(client, course, response_id, "3,5", "Good, but **cite** the law.")
    assert done.status_code == 302
    attempt = make.get(Attempt, attempt_id)
    assert completed == [amal.id]
    assert (attempt.score, attempt.percent, attempt.is_passed) == (4.5, 90.0, True)
    assert not attempt.is_awaiting_grading
    again = grade(client, course, response_id, "0")
    assert again.status_code == 422
    assert "This answer is already graded; its points were not changed." in again.text
    assert essay_response(app, attempt_id).score == 3.5
    assert "No answer is waiting to be graded." in client.get(f"/courses/{course.id}/grading").text
    with app.app_context():
        notices = db.session.scalars(select(Notice).where(Notice.user_id == amal.id)).all()
        assert [n.kind for n in notices].count("quiz.graded") == 1
        events = db.session.scalars(select(AuditEvent.action)).all()
        assert events.count("quiz.essay_graded") == 1
    auth.logout()
    auth.login("amal")
    assert "are graded: your result is ready" in client.get("/notices").text
    review = client.get(f"/attempts/{attempt_id}").text
    assert "You passed this attempt." in review
    assert "<strong>cite</strong>" in review  # the trainer's feedback, as Markdown


def test_grading_that_fails_the_attempt_does_not_complete_the_course(
    app, client, make, auth, essays
):
    course, quiz, _amal = essays
    auth.login("amal")
    attempt_id = answer_all(client, quiz, right=True)
    auth.logout()
    auth.login("tariq")
    completed = []
    with course_completed.connected_to(lambda sender, user: completed.append(user.id)):
        response_id = essay_response(app, attempt_id).id
        assert grade(client, course, response_id, "1").status_code == 302
    attempt = make.get(Attempt, attempt_id)
    assert (attempt.percent, attempt.is_passed, completed) == (40.0, False, [])


def test_statistics_leave_out_attempts_awaiting_grading_and_say_so(app, client, make, auth, essays):
    course, quiz, _amal = essays
    auth.login("amal")
    attempt_id = answer_all(client, quiz, right=True)
    auth.logout()
    auth.login("tariq")
    page = client.get(f"/quizzes/{quiz.id}/statistics").text
    assert "1 attempt is not counted yet: a trainer has still to grade its essays." in page
    assert "Attempts: 0" in page
    assert page.count('class="card question-stats"') == 2  # not the description
    grade(client, course, essay_response(app, attempt_id).id, "2")
    page = client.get(f"/quizzes/{quiz.id}/statistics").text
    assert "not counted yet" not in page and "Attempts: 1" in page


def test_only_the_course_trainers_see_and_use_the_queue(app, client, make, auth, essays):
    course, quiz, _amal = essays
    auth.login("amal")
    attempt_id = answer_all(client, quiz)
    response_id = essay_response(app, attempt_id).id
    make.user("other", roles=("trainer",))
    make.user("olfa", roles=("organizer",))
    for who in ("amal", "other", "olfa"):
        auth.logout()
        auth.login(who)
        assert client.get(f"/courses/{course.id}/grading").status_code == 403, who
        assert grade(client, course, response_id, "4").status_code == 403, who
    assert essay_response(app, attempt_id).score is None


def test_gift_reads_essays_and_descriptions_as_moodle_does_and_writes_them_back():
    source = (
        "// A Moodle export with open questions\n"
        "::intro::[html]<p>Read the case below.</p>\n\n"
        "// points: 3\n::opinion::Explain in your words why sources are protected.{}\n\n"
        "::tf::The press is free.{T}\n\n"
        "::general::Describe a case you know.{\n####Think of the 2016 press code.\n}\n"
    )
    result = parse_gift(source)
    assert result.errors == [] and result.skipped == []
    kinds = [(q.kind, q.name, q.points) for q in result.questions]
    assert kinds == [("description", "intro", 0), ("essay", "opinion", 3),
                     ("true_false", "tf", 1), ("essay", "general", 1)]  # fmt: skip
    assert result.questions[3].feedback == "Think of the 2016 press code."
    written = export_gift(result.questions)
    assert (
        "::intro::[markdown]Read the case below." in written and "{" not in written.split("\n\n")[0]
    )
    assert "// points: 3\n::opinion::[markdown]Explain in your words" in written
    assert "why sources are protected.{}" in written
    again = parse_gift(written)
    assert [(q.kind, q.name, q.prompt, q.points, q.feedback) for q in again.questions] == [
        (q.kind, q.name, q.prompt, q.points, q.feedback) for q in result.questions
    ]


def test_packages_carry_both_kinds_and_a_description_has_no_points():
    problems = []
    checker = Checker(lambda line, message: problems.append((line, str(message))))
    source = "kind: description\nprompt: Some *context*.\npoints: 2\n"
    assert read_question(parse_yaml(source), checker) is not None
    assert problems == [(3, "A description has no points: remove points.")]
    for spec in QUESTIONS[1:]:
        problems.clear()
        question = read_question(spec, Checker(lambda line, m: problems.append(m)))
        assert problems == []
        written = question_to_spec(
            question.kind, question.prompt, question.data, name=question.name,
            points=question.points, feedback=question.feedback,
        )  # fmt: skip
        assert written == spec


def test_the_editor_writes_essays_and_descriptions(app, client, make, auth):
    rania = make.user("rania", roles=("trainer",))
    course = make.course(owner=rania)
    quiz = make.quiz(course, questions=[])
    auth.login("rania")
    for spec in QUESTIONS[1:]:
        page = client.get(f"/teach/quizzes/{quiz.id}/questions/new?kind={spec['kind']}")
        assert page.status_code == 200
        assert ('name="points"' in page.text) == (spec["kind"] == "essay")
        assert new_question(client, quiz.id, spec).status_code == 302
    stored = questions_of(app, quiz.id)
    assert [(q.kind, q.name, q.points) for q in stored] == [("description", "case", 0),
                                                            ("essay", "why", 4)]  # fmt: skip


def test_the_essay_is_in_the_export_and_erasure_removes_it(app, client, make, auth, essays):
    course, quiz, amal = essays
    auth.login("amal")
    graded = answer_all(client, quiz)
    waiting = answer_all(client, quiz, essay="Another answer,\nstill waiting.")
    auth.logout()
    auth.login("tariq")
    grade(client, course, essay_response(app, graded).id, "2", "Name the article.")
    with app.app_context():
        person = db.session.get(type(amal), amal.id)
        exported = str(export_data(person))
        assert "Freedom of expression protects journalists." in exported
        assert "Name the article." in exported
        erase_account(person)
        db.session.commit()
        assert db.session.get(Attempt, waiting) is None  # nothing left to grade
        kept = db.session.get(Attempt, graded)
        assert kept.user_id is None and kept.score is not None
        assert set(db.session.scalars(select(Response.answer))) == {None}
        assert set(db.session.scalars(select(Response.grader_feedback))) == {None}


def test_a_quiz_that_opens_with_a_description_starts_there(client, make, auth):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, questions=QUESTIONS[1:])  # the description, then the essay
    make.enrol(make.user("amal"), course)
    auth.login("amal")
    _attempt_id, location = start(client, quiz)
    assert location.endswith("/questions/1")


def test_the_printed_handbook_numbers_questions_not_descriptions(client, make, tmp_path):
    from ..pdftools import pdf_text

    course = make.course("Rights online", modules=1, lessons=1)
    make.quiz(course, questions=QUESTIONS[1:] + [{**QUESTIONS[2], "name": "again",
                                                  "prompt": "And a second essay?"}])  # fmt: skip
    with client.get(f"/courses/{course.id}/handbook") as response:
        path = tmp_path / "handbook.pdf"
        path.write_bytes(response.get_data())
    text = " ".join(pdf_text(path).split())
    assert "Read this case: a blogger is sued." in text
    assert "1. Read this case" not in text
    assert "1. Why does the law protect sources?" in text
    assert "2. And a second essay?" in text


def test_a_description_is_never_drawn_away_or_moved_and_is_no_question(app, make):
    """Drawing two of three questions, shuffled: the description stays, in its place."""
    from tamkeen.quizzes.models import Quiz
    from tamkeen.quizzes.services import draw

    course = make.course(modules=1, lessons=1)
    questions = [EVERY_KIND[0], QUESTIONS[1], EVERY_KIND[2], EVERY_KIND[3]]
    quiz = make.quiz(course, questions=questions, draw=2, shuffle_questions=True)
    with app.app_context():
        quiz = db.session.get(Quiz, quiz.id)
        description = quiz.questions[1].id
        assert quiz.questions_per_attempt == 2
        orders = [draw(quiz, seed) for seed in range(40)]
    for order in orders:
        assert len(order) == 3 and description in order
        assert order.index(description) in (0, 1)  # after at most the first question
    assert len({tuple(order) for order in orders}) > 3  # the questions do vary
    assert any(order.index(description) == 0 for order in orders)  # first question not drawn
    assert any(order.index(description) == 1 for order in orders)


def test_a_trainers_feedback_of_every_payload_runs_nothing_on_the_trainees_review(
    app, client, make, auth, essays
):
    """The grader's feedback is Markdown a trainer writes: with every payload of the corpus
    in it, the trainee's review shows it sanitised (tests/browser/test_every_field_xss.py
    lists the column as covered here)."""
    from tamkeen.accounts.models import User
    from tamkeen.learning.models import Course
    from tamkeen.quizzes.grading import grade_answer

    from ..inert import active_content
    from ..xss_corpus import PAYLOADS

    course, quiz, amal = essays
    auth.login("amal")
    attempt_id = answer_all(client, quiz, right=True)
    response_id = essay_response(app, attempt_id).id
    with app.test_request_context():
        tariq = db.session.scalar(select(User).where(User.username == "tariq"))
        grade_answer(
            db.session.get(Course, course.id), response_id, 2, "\n\n".join(PAYLOADS), by=tariq
        )
        db.session.commit()
    review = client.get(f"/attempts/{attempt_id}").text
    main = re.search(r"(?s)<main[^>]*>(.*)</main>", review).group(1)
    main = re.sub(r"</?form\b[^>]*>", "", main)
    assert "onerror" in main or "&lt;" in main  # the payloads are shown, as text
    assert active_content(main) == []
