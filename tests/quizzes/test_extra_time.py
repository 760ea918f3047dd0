"""Extra time on timed quizzes (WCAG 2.2.1): given by the course's trainer or the cohort's
organizer, used by every deadline (the clock, the grace, close-expired), seen by nobody else."""

from datetime import timedelta

import pytest

from tamkeen.audit import AuditEvent
from tamkeen.extensions import db
from tamkeen.quizzes.models import Attempt, ExtraTime

from .helpers import start


@pytest.fixture
def timed(make):
    """Trainer Tariq's course with a 10-minute quiz; Amal and Badr take it in Olfa's cohort."""
    tariq = make.user("tariq", roles=("trainer",))
    course = make.course(modules=1, lessons=1, owner=tariq)
    quiz = make.quiz(course, time_limit_minutes=10)
    amal, badr = make.user("amal"), make.user("badr")
    for person in (amal, badr):
        make.enrol(person, course)
    olfa = make.user("olfa", roles=("organizer",))
    cohort = make.cohort(olfa, participants=[amal, badr], courses=[course])
    cohort.amal_id = amal.id
    return course, quiz, cohort


def attempt_minutes(app, attempt_id) -> float:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return (attempt.deadline_at - attempt.started_at) / timedelta(minutes=1)


def test_trainer_gives_extra_time_and_the_deadline_and_close_expired_use_it(
    app, client, make, auth, timed
):
    course, quiz, _cohort = timed
    auth.login("amal")
    started, _ = start(client, quiz)  # already open: extended at once
    auth.logout()
    auth.login("tariq")
    page = client.get(f"/courses/{course.id}/extra-time")
    assert page.status_code == 200 and "Nobody has extra time yet." in page.text
    response = client.post_form(
        f"/courses/{course.id}/extra-time", {"username": "amal", "percent": "50"}
    )
    assert response.status_code == 302
    assert "amal" in client.get(f"/courses/{course.id}/extra-time").text
    assert attempt_minutes(app, started) == 15
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="quiz.extra_time_set").count() == 1
    # 12 minutes in, Amal's attempt is still open; close-expired leaves it.
    with app.app_context():
        attempt = db.session.get(Attempt, started)
        attempt.started_at -= timedelta(minutes=12)
        attempt.deadline_at -= timedelta(minutes=12)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["quizzes", "close-expired"])
    assert "0 attempt(s) submitted." in result.output
    auth.logout()
    auth.login("amal")
    quiz_page = client.get(f"/courses/{course.id}/quizzes/{quiz.id}").text
    assert "Time limit: 15 minutes" in quiz_page and "extra time you were given: 50%" in quiz_page
    question = client.get(f"/attempts/{started}/questions/1").text
    assert "Time is up" not in question
    # Badr, without extra time, has the quiz's own 10 minutes and sees no mention of it.
    auth.logout()
    auth.login("badr")
    badr_page = client.get(f"/courses/{course.id}/quizzes/{quiz.id}").text
    assert "Time limit: 10 minutes" in badr_page and "extra time" not in badr_page
    badrs, _ = start(client, quiz)
    assert attempt_minutes(app, badrs) == 10


def test_organizer_gives_extra_time_to_a_participant_and_can_take_it_away(
    app, client, make, auth, timed
):
    course, quiz, cohort = timed
    amal_id = cohort.amal_id
    auth.login("olfa")
    url = f"/cohorts/{cohort.id}/extra-time"
    form = {"person": str(amal_id), "course": str(course.id), "percent": "100"}
    assert client.post_form(url, form).status_code == 302
    assert make.count(ExtraTime, percent=100) == 1
    page = client.get(url).text
    assert "amal" in page and "100%" in page
    auth.logout()
    auth.login("amal")
    attempt_id, _ = start(client, quiz)
    assert attempt_minutes(app, attempt_id) == 20
    auth.logout()
    auth.login("olfa")
    assert client.post_form(url, form | {"percent": "0"}).status_code == 302
    assert make.count(ExtraTime) == 0
    assert attempt_minutes(app, attempt_id) == 10  # the open attempt is back to the limit


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"username": "amal", "percent": "301"}, "Enter a whole number from 0 to 300."),
        ({"username": "amal", "percent": "-5"}, "Enter a whole number from 0 to 300."),
        ({"username": "amal", "percent": ""}, "Enter a whole number from 0 to 300."),
        ({"username": "amal", "percent": "lots"}, "Not a valid integer value."),
        ({"username": "nobody-here", "percent": "50"}, "No trainee of this course has"),
        ({"username": "", "percent": "50"}, "Enter the trainee&#39;s username."),
    ],
)
def test_bad_extra_time_is_refused_with_a_clear_error(client, make, auth, timed, fields, message):
    course, _quiz, _cohort = timed
    auth.login("tariq")
    response = client.post_form(f"/courses/{course.id}/extra-time", fields)
    assert response.status_code == 422
    assert message in response.text
    assert make.count(ExtraTime) == 0


def test_organizer_cannot_reach_someone_outside_the_cohort(app, client, make, auth, timed):
    course, _quiz, cohort = timed
    outsider = make.user("chama")
    make.enrol(outsider, course)
    auth.login("olfa")
    form = {"person": str(outsider.id), "course": str(course.id), "percent": "50"}
    response = client.post_form(f"/cohorts/{cohort.id}/extra-time", form)
    assert response.status_code == 422
    assert "Choose one of the cohort&#39;s participants." in response.text
    assert make.count(ExtraTime) == 0


def test_nobody_else_sees_the_extra_time(app, client, make, auth, timed):
    course, _quiz, cohort = timed
    auth.login("tariq")
    client.post_form(f"/courses/{course.id}/extra-time", {"username": "amal", "percent": "50"})
    auth.logout()
    make.user("taha", roles=("trainer",))  # a trainer of another course
    make.user("omar", roles=("organizer",))  # an organizer of another cohort
    for who, url, status in [
        ("taha", f"/courses/{course.id}/extra-time", 403),
        ("omar", f"/cohorts/{cohort.id}/extra-time", 404),
        ("badr", f"/courses/{course.id}/extra-time", 403),
    ]:
        auth.login(who)
        response = client.get(url)
        assert response.status_code == status, who
        assert "50%" not in response.text
        auth.logout()
    # Badr's own quiz page and data export say nothing about Amal's extra time.
    auth.login("badr")
    assert "extra time" not in client.get(f"/courses/{course.id}/quizzes/{_quiz.id}").text.lower()
    auth.logout()
    # The audit line says that a course's extra time changed, not whose.
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(action="quiz.extra_time_set").one()
        assert event.target_type == "Course"
