"""Quiz statistics for trainers: Moodle's facility and discrimination indices, picks per
choice, a bounded number of queries, and only for those who may edit the course."""

import re
import statistics

import pytest

from tamkeen.accounts import permissions
from tamkeen.learning.models import Course
from tamkeen.learning.policies import can_edit_course
from tamkeen.quizzes.kinds import KINDS
from tamkeen.quizzes.statistics import quiz_statistics

from .helpers import right_form, take, wrong_form

# Which questions each trainee gets right (1) or wrong (0), by question position.
PATTERNS = [
    [1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 0, 0],
    [1, 1, 0, 1, 0, 0, 0],
    [1, 0, 1, 0, 0, 0, 1],
    [0, 0, 1, 0, 0, 1, 0],
    [1, 0, 0, 0, 0, 0, 0],
]


def take_as(client, auth, make, course, quiz, name, pattern):
    make.enrol(make.user(name), course)
    auth.login(name)
    forms = {
        q.id: (right_form if right else wrong_form)(q)
        for q, right in zip(quiz.questions, pattern, strict=True)
    }
    attempt_id = take(client, quiz, lambda question: forms[question.id])
    auth.logout()
    return attempt_id


@pytest.fixture
def taken(app, client, make, auth):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course)
    for index, pattern in enumerate(PATTERNS):
        take_as(client, auth, make, course, quiz, f"trainee{index}", pattern)
    return course, quiz


def expected_scores(quiz) -> list[list[float]]:
    """Each trainee's score on each question, computed from the kinds, not the database."""
    scores = []
    for pattern in PATTERNS:
        row = []
        for question, right in zip(quiz.questions, pattern, strict=True):
            kind = KINDS[question.kind]
            form = (right_form if right else wrong_form)(question)
            answer = kind.parse(question.data, _Form(form))
            row.append(kind.score(question.data, answer, question.points))
        scores.append(row)
    return scores


class _Form(dict):
    def get(self, key, default=None):
        value = super().get(key, default)
        return value[0] if isinstance(value, list) else value

    def getlist(self, key):
        value = super().get(key, [])
        return value if isinstance(value, list) else [value]


def test_facility_and_discrimination_follow_moodles_definitions(app, taken):
    _course, quiz = taken
    scores = expected_scores(quiz)
    totals = [sum(row) for row in scores]
    with app.app_context():
        stats = quiz_statistics(quiz)
    assert stats.attempts == stats.trainees == len(PATTERNS)
    assert stats.mean_percent == pytest.approx(
        statistics.mean(100 * t / 8 for t in totals), abs=0.05
    )
    for index, item in enumerate(stats.questions):
        question = quiz.questions[index]
        marks = [row[index] for row in scores]
        rest = [total - mark for total, mark in zip(totals, marks, strict=True)]
        facility = 100 * statistics.mean(marks) / question.points
        assert item.facility == pytest.approx(facility, abs=0.05)
        assert item.discrimination == pytest.approx(
            100 * statistics.correlation(marks, rest), abs=0.05
        )


def test_picks_count_how_often_each_choice_was_chosen(app, taken):
    _course, quiz = taken
    with app.app_context():
        single = quiz_statistics(quiz).questions[0]
    picks = {pick.label: (pick.count, pick.is_right) for pick in single.picks}
    assert picks["The Universal Declaration"] == (5, True)
    assert picks["The 2011 Constitution"] == (1, False)
    assert picks["Law 88-13"] == (0, False)


def test_first_attempts_count_unless_every_attempt_is_asked_for(app, client, make, auth, taken):
    course, quiz = taken
    auth.login("trainee5")
    take(client, quiz, right_form)  # a second, better attempt
    with app.app_context():
        assert quiz_statistics(quiz).attempts == 6
        assert quiz_statistics(quiz, "all").attempts == 7


def test_statistics_page_reads_each_figure_in_plain_words(client, make, auth, taken):
    course, quiz = taken
    make.user("root", roles=("trainee", "admin"))
    auth.login("root")
    page = client.get(f"/quizzes/{quiz.id}/statistics").get_data(as_text=True)
    assert "Attempts: 6, by 6 trainees" in page
    assert "Facility index" in page and "Discrimination index" in page
    assert "The Universal Declaration" in page
    assert re.search(r"(Very easy|Easy|Moderate|Hard|Very hard)", page)
    assert re.search(r"(Very good|Adequate|Weak|Very weak|Negative)", page)
    course_page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert f"/quizzes/{quiz.id}/statistics" in course_page


def test_statistics_take_a_fixed_number_of_queries(client, make, auth, count_queries):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course)
    make.user("root", roles=("trainee", "admin"))

    def measure():
        auth.login("root")
        with count_queries() as counter:
            assert client.get(f"/quizzes/{quiz.id}/statistics").status_code == 200
        auth.logout()
        return counter.count

    take_as(client, auth, make, course, quiz, "first", PATTERNS[0])
    one = measure()
    for index, pattern in enumerate(PATTERNS[1:]):
        take_as(client, auth, make, course, quiz, f"more{index}", pattern)
    assert measure() == one


@pytest.fixture
def owners(monkeypatch):
    """Course ownership as the authoring work will bring it: owners may edit their course."""
    owned: dict[int, int] = {}

    def can_edit(user, course):
        if can_edit_course(user, course):
            return True
        return user is not None and user.has_role("trainer") and owned.get(course.id) == user.id

    monkeypatch.setitem(permissions._edit_policies, Course, can_edit)
    return owned


def test_trainers_see_statistics_of_their_own_courses_only(client, make, auth, owners):
    mine, theirs = make.course(), make.course()
    my_quiz, their_quiz = make.quiz(mine), make.quiz(theirs)
    trainer = make.user("hind", roles=("trainee", "trainer"))
    owners[mine.id] = trainer.id
    auth.login("hind")
    assert client.get(f"/quizzes/{my_quiz.id}/statistics").status_code == 200
    assert client.get(f"/quizzes/{their_quiz.id}/statistics").status_code == 403
    assert client.get(f"/quizzes/{their_quiz.id}/gift").status_code == 403


def test_without_ownership_only_administrators_see_statistics(client, make, auth):
    course = make.course()
    quiz = make.quiz(course)
    make.user("hind", roles=("trainee", "trainer"))
    make.user("amal")
    auth.login("hind")
    assert client.get(f"/quizzes/{quiz.id}/statistics").status_code == 403
    auth.logout()
    auth.login("amal")
    assert client.get(f"/quizzes/{quiz.id}/statistics").status_code == 403
    assert f"/quizzes/{quiz.id}/statistics" not in client.get(f"/courses/{course.id}").get_data(
        as_text=True
    )
    auth.logout()
    assert client.get(f"/quizzes/{quiz.id}/statistics").status_code == 302  # to sign in


def test_statistics_of_an_unknown_quiz_are_not_found(client, make, auth):
    make.user("root", roles=("trainee", "admin"))
    auth.login("root")
    assert client.get("/quizzes/999/statistics").status_code == 404
