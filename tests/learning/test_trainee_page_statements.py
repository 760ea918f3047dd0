"""The trainee's signed-in pages (/learning, a course page, a quiz question) run statements
built once per process (issue 17): the same pages whoever they were first built for, and
a number of queries that neither grows with the course nor with the trainee's history."""

import re

from tamkeen.accounts import session as sessions
from tamkeen.accounts.models import User
from tamkeen.cohorts import membership
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.quizzes import services as quizzes

from ..conftest import Auth
from ..quizzes.helpers import start

BUILT_ONCE = (
    sessions._user_and_unseen_notices,
    membership._invited_and_member,
    membership._my_invitations,
    membership._my_cohorts,
    learning._my_courses,
    learning._lessons_not_done,
    learning._quizzes_with_standing,
    learning._course_outline,
    learning._enrolment,
    learning._completed_lesson_ids,
    quizzes._course_quizzes,
    quizzes._own_attempt,
    quizzes._questions_of,
    quizzes._responses_of,
)
# The queries each page runs (before: 11, 12, and for the question page 10 with a course of
# one module, 13 with four: a query for each module's lessons; then 9, 8, 7; now the header's
# notices counted with the user, and the attempt's quiz and course joined in; My learning's
# courses with their progress, its next steps with the quizzes' standing, and one query to
# see that a trainee in no cohort has no cohort panel; the course page's progress from its rows).
MOST_QUERIES = {"learning": 5, "course": 6, "question": 4}
TOKENS = re.compile(r'value="[^"]{40,}"')  # the CSRF tokens of the forms and of sign-out


def _trainee(make, app, name: str, modules: int, cohorts: bool = False) -> tuple:
    """A trainee with a history: two courses, a lesson done, a quiz attempt open; with
    ``cohorts``, in a cohort and invited to another (My learning's cohort panel)."""
    person = make.user(name)
    first = make.course(f"{name}'s first course", modules=modules)
    second = make.course(f"{name}'s second course", modules=1)
    quiz = make.quiz(first)
    for course in (first, second):
        make.enrol(person, course)
    if cohorts:
        organizer = make.user(f"{name}-organizer", roles=("organizer",))
        make.cohort(organizer, name=f"{name}'s cohort", participants=[person], courses=[second])
        other = make.cohort(organizer, name=f"{name}'s next cohort")
        with app.app_context():
            membership.invite_people(
                db.session.get(Cohort, other.id),
                [db.session.get(User, person.id)],
                organization_id=None,
                by=None,
            )
            db.session.commit()
    make.complete(person, first.modules[0].lessons[0])
    client = app.test_client()
    Auth(client).login(name)
    _attempt, question = start(client, quiz)
    return client, {
        "learning": "/learning",
        "course": f"/courses/{first.id}",
        "question": question,
    }


def _pages(client, paths: dict, languages=("ar", "fr", "en")) -> dict:
    found = {}
    for language in languages:
        for page, path in paths.items():
            response = client.get(path, headers={"Accept-Language": language})
            assert response.status_code == 200, (page, language)
            found[page, language] = TOKENS.sub('value="-"', response.get_data(as_text=True))
    return found


def test_pages_are_the_same_with_statements_built_for_someone_else(app, make):
    omar, omar_paths = _trainee(make, app, "omar", modules=2, cohorts=True)
    amal, amal_paths = _trainee(make, app, "amal", modules=3, cohorts=True)
    _pages(omar, omar_paths, ("en",))  # the statements are built for Omar's values
    built = [function.cache_info().misses for function in BUILT_ONCE]
    assert all(built)
    reused = _pages(amal, amal_paths)
    assert [function.cache_info().misses for function in BUILT_ONCE] == built
    for function in BUILT_ONCE:
        function.cache_clear()
    fresh = _pages(amal, amal_paths)  # built again, in Amal's requests
    assert reused == fresh
    assert "amal&#39;s first course" in reused["learning", "ar"]
    assert "amal&#39;s cohort" in reused["learning", "ar"]
    assert "amal&#39;s next cohort" in reused["learning", "fr"]
    assert "omar" not in reused["learning", "fr"]


def test_pages_take_a_fixed_number_of_queries(app, make, count_queries):
    def measure(client, paths) -> dict:
        counts = {}
        for page, path in paths.items():
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            counts[page] = counter.count
        return counts

    small = measure(*_trainee(make, app, "omar", modules=1))
    assert small == measure(*_trainee(make, app, "amal", modules=4))  # modules: no query each
    assert all(small[page] <= most for page, most in MOST_QUERIES.items()), small
