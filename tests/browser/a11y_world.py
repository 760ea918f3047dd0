"""A small world whose key pages the accessibility checks visit: a course with two
modules (a quiz of every kind, then a timed final quiz), a trainee who passed the first
quiz and has the final one open, her cohort with a dashboard, and every role's person."""

from dataclasses import dataclass

from tamkeen.extensions import db
from tamkeen.quizzes.models import Attempt

from ..conftest import Auth
from ..factories import EVERY_KIND, TRUE_FALSE
from ..quizzes.helpers import right_form, start, take


@dataclass
class World:
    course: object
    quiz: object
    final: object
    cohort: object
    review: int  # amal's submitted attempt
    open_attempt: int  # amal's attempt at the timed final quiz
    amal: object

    def pages(self, role: str) -> list[str]:
        c, q = self.course.id, self.quiz.id
        lesson = self.course.modules[0].lessons[0].id
        return {
            "trainee": [
                "/",
                "/courses",
                f"/courses/{c}",
                f"/courses/{c}/lessons/{lesson}",
                f"/courses/{c}/quizzes/{q}",
                f"/attempts/{self.open_attempt}/questions/1",
                f"/attempts/{self.review}",
                "/learning",
                "/accessibility",
                "/account",
            ],
            "trainer": [
                f"/teach/courses/{c}",
                f"/teach/lessons/{lesson}",
                f"/teach/quizzes/{q}",
                f"/quizzes/{q}/statistics",
                f"/courses/{c}/extra-time",
            ],
            "organizer": [
                f"/cohorts/{self.cohort.id}",
                f"/cohorts/{self.cohort.id}/participants",
                f"/cohorts/{self.cohort.id}/people",
                f"/cohorts/{self.cohort.id}/extra-time",
                f"/cohorts/{self.cohort.id}/audit",
            ],
            "admin": ["/admin/users", f"/admin/users/{self.amal.id}", "/admin/audit"],
        }[role]


def build_world(app, make, client) -> World:
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course("Rights online", owner=rania, modules=2, lessons=1)
    quiz = make.quiz(course, questions=EVERY_KIND)
    final = make.quiz(course, final=True, questions=TRUE_FALSE, time_limit_minutes=20)
    amal = make.user("amal", display_name="Amal B.")
    make.enrol(amal, course)
    for module in course.modules:
        for lesson in module.lessons:
            make.complete(amal, lesson)
    olfa = make.user("olfa", roles=("organizer",))
    cohort = make.cohort(olfa, participants=[amal], courses=[course])
    make.user("admin", roles=("admin",))
    Auth(client).login("amal")
    review = take(client, quiz, right_form)
    open_attempt, _ = start(client, final)
    Auth(client).logout()
    Auth(client).login("rania")
    assert (
        client.post_form(
            f"/courses/{course.id}/extra-time", {"username": "amal", "percent": "50"}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(Attempt, open_attempt).submitted_at is None
    return World(course, quiz, final, cohort, review, open_attempt, amal)
