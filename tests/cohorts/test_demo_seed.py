"""`flask demo seed` makes a course as valid as an imported one: its questions go through
the package checks, and every page of it, for a participant and for its trainers (quiz
pages, attempts, statistics, the handbook PDF), answers 200."""

import re
from collections import deque

from sqlalchemy import select

from tamkeen.accounts import services as accounts
from tamkeen.accounts.models import User
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db
from tamkeen.learning.models import Course
from tamkeen.quizzes.models import Attempt, Quiz

from ..factories import PASSWORD

LINK = re.compile(r'href="(/[^"#?]*)')


def _seed(app) -> None:
    args = ["demo", "seed", "--participants", "12", "--courses", "1", "--seed", "3"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output


def _crawl(client, start: list[str], inside: re.Pattern, limit: int = 300) -> dict[str, int]:
    """Every page reachable from ``start`` through links whose path matches ``inside``,
    with the status each GET answered."""
    seen, queue = {}, deque(start)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        with client.get(path) as response:
            seen[path] = response.status_code
            page = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        queue.extend(link for link in LINK.findall(page) if inside.match(link))
    assert len(seen) < limit, "the crawl did not end"
    return seen


def _participant_with_attempts(app) -> tuple[str, int]:
    with app.app_context():
        attempt = db.session.scalars(select(Attempt).order_by(Attempt.id)).first()
        user = db.session.get(User, attempt.user_id)
        accounts.change_password(user, PASSWORD)
        db.session.commit()
        return user.username, attempt.id


def test_a_participant_opens_every_page_of_a_demo_course(app, client, auth):
    _seed(app)
    username, attempt_id = _participant_with_attempts(app)
    with app.app_context():
        course_id = db.session.scalar(select(Course.id))
        quiz_id = db.session.scalar(select(Quiz.id))
    auth.login(username, PASSWORD)
    inside = re.compile(rf"/(courses/{course_id}|attempts/|learning$)")
    start = [f"/courses/{course_id}", "/learning", f"/attempts/{attempt_id}"]
    pages = _crawl(client, start, inside)
    assert f"/courses/{course_id}/handbook" in pages
    assert f"/courses/{course_id}/quizzes/{quiz_id}" in pages
    assert {path: status for path, status in pages.items() if status != 200} == {}

    # A new attempt: every question page, the summary and the result.
    started = client.post_form(f"/courses/{course_id}/quizzes/{quiz_id}/start")
    assert started.status_code == 302
    attempt = re.search(r"/attempts/(\d+)", started.headers["Location"]).group(1)
    start = [started.headers["Location"], f"/attempts/{attempt}/summary"]
    attempt_pages = _crawl(client, start, re.compile(rf"/attempts/{attempt}/"))
    assert len([path for path in attempt_pages if "/questions/" in path]) == 5
    assert {path: status for path, status in attempt_pages.items() if status != 200} == {}
    submitted = client.post_form(f"/attempts/{attempt}/submit")
    assert submitted.status_code == 302
    assert client.get(submitted.headers["Location"]).status_code == 200


def test_an_administrator_opens_every_teaching_page_of_a_demo_course(app, client, make, auth):
    _seed(app)
    make.user("admin", roles=("trainee", "admin"))
    auth.login("admin")
    with app.app_context():
        course_id = db.session.scalar(select(Course.id))
        quiz_id = db.session.scalar(select(Quiz.id))
        cohort_id = db.session.scalar(select(Cohort.id))
    inside = re.compile(r"/(teach/(courses|modules|lessons|quizzes|questions)/|quizzes/)")
    start = [f"/teach/courses/{course_id}", f"/quizzes/{quiz_id}/statistics"]
    pages = _crawl(client, start, inside)
    assert f"/teach/quizzes/{quiz_id}" in pages
    assert len([path for path in pages if path.startswith("/teach/questions/")]) >= 5
    assert {path: status for path, status in pages.items() if status != 200} == {}
    assert client.get(f"/cohorts/{cohort_id}").status_code == 200


def test_demo_questions_pass_the_package_checks(app):
    from tamkeen.quizzes.kinds import Checker
    from tamkeen.quizzes.spec import question_to_spec, read_question

    _seed(app)
    with app.app_context():
        quiz = db.session.scalar(select(Quiz))
        problems = []
        for question in quiz.questions:
            spec = question_to_spec(
                question.kind, question.prompt, question.data, points=question.points
            )
            checked = read_question(spec, Checker(lambda _line, m: problems.append(m)))
            assert checked.data == question.data
        assert problems == []
