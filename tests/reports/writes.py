"""Each kind of write the organizer's pages show, made by the app's own services: what the
page-cache tests (``test_report_cache.py``) and the kept sums' tests (``test_aggregates.py``)
replay, in order."""

from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from tamkeen.accounts.models import User
from tamkeen.accounts.personal_data import erase_account
from tamkeen.certificates import services as certificates
from tamkeen.certificates.models import Certificate
from tamkeen.cohorts import services as cohorts
from tamkeen.cohorts.membership import leave_cohort
from tamkeen.cohorts.models import Cohort, CohortParticipant, Organization
from tamkeen.extensions import db
from tamkeen.learning import summaries
from tamkeen.learning.models import Course, Lesson
from tamkeen.quizzes import grading
from tamkeen.quizzes import services as quizzes
from tamkeen.quizzes.models import Question, Quiz, Response

from ..factories import EVERY_KIND

ESSAY_QUIZ = [
    EVERY_KIND[0],  # a single choice, 1 point
    {"kind": "essay", "name": "why", "prompt": "Why does the law protect sources?", "points": 4},
]


class Writes:
    """Each kind of write the pages show, made as the app makes it (``ORDER``, in order)."""

    ORDER = (
        "lesson_completed",
        "quiz_attempt",
        "quiz_published",
        "essay_submitted",
        "essay_graded",
        "certificate_issued",
        "certificate_revoked",
        "participant_joined",
        "participant_removed",
        "participant_left",
        "cohort_courses_changed",
        "lesson_added",
        "organization_renamed",
        "name_changed",
        "sql_then_summaries_rebuilt",
        "account_erased",
    )

    def __init__(self, app, make, small):
        self.app, self.make, self.small = app, make, small
        self.lessons = [lesson for module in small.rights.modules for lesson in module.lessons]
        self.dounia = make.user("dounia", display_name="Dounia Alaoui")
        self.essay = {}

    def run(self, name: str) -> None:
        with self.app.test_request_context():
            getattr(self, name)()
            db.session.commit()

    def by(self):
        return db.session.get(User, self.small.cohort_organizer_id)

    def cohort(self):
        return db.session.get(Cohort, self.small.cohort.id)

    def lesson_completed(self):
        self.make.complete(self.small.badr, self.lessons[1])

    def quiz_attempt(self):
        self.make.attempt(self.small.badr, self.small.quiz, right=True)

    def quiz_published(self):  # a course's quizzes change: a quiz with an essay
        self.essay["quiz"] = self.make.quiz(self.small.budgets, questions=ESSAY_QUIZ, pass_mark=50)

    def essay_submitted(self):  # awaiting its grade
        person = db.session.get(User, self.small.chaima.id)
        attempt = quizzes.start_attempt(person, db.session.get(Quiz, self.essay["quiz"].id))
        for page in quizzes.pages(attempt):
            if page.question.kind == "essay":
                form = MultiDict({"answer": "Sources trust journalists.\nThey need it."})
            else:
                form = MultiDict({"answer": page.question.data["choices"][0]["id"]})
            quizzes.save_answer(person, attempt.id, page.number, form)
        quizzes.submit(person, attempt.id)
        self.essay["attempt"] = attempt.id

    def essay_graded(self):  # later, by a trainer
        response = db.session.scalar(
            select(Response)
            .join(Question, Question.id == Response.question_id)
            .where(Response.attempt_id == self.essay["attempt"], Question.kind == "essay")
        )
        course = db.session.get(Course, self.small.budgets.id)
        grading.grade_answer(course, response.id, 4, "", by=self.by())

    def certificate_issued(self):
        self.make.certificate(self.small.badr, self.small.rights)

    def certificate_revoked(self):
        found = db.session.scalar(
            select(Certificate).where(Certificate.user_id == self.small.badr.id)
        )
        certificates.revoke_certificate(found, "issued by mistake", by=self.by())

    def participant_joined(self):
        newcomer = db.session.get(User, self.dounia.id)
        cohorts.add_participants(
            self.cohort(), [newcomer], organization_id=self.small.tanmia.id, by=None
        )

    def _member(self, user_id: int):
        query = select(CohortParticipant).where(CohortParticipant.user_id == user_id)
        return db.session.scalar(query)

    def participant_removed(self):
        cohorts.remove_participant(self.cohort(), self._member(self.dounia.id), by=self.by())

    def participant_left(self):
        chaima = self.small.chaima.id
        leave_cohort(self._member(chaima), user=db.session.get(User, chaima))

    def cohort_courses_changed(self):
        cohorts.set_courses(self.cohort(), [self.small.rights.id], by=self.by())

    def lesson_added(self):  # the course's totals change
        first = db.session.get(Lesson, self.lessons[0].id)
        values = dict(course_id=first.course_id, module_id=first.module_id, position=9)
        db.session.add(Lesson(**values, slug="new", title="A new lesson"))

    def organization_renamed(self):
        db.session.get(Organization, self.small.amal_org.id).name = "Réseau Amal (Fès)"

    def name_changed(self):
        db.session.get(User, self.small.amal.id).display_name = "Amal Tazi-Idrissi"

    def sql_then_summaries_rebuilt(self):  # an operator's SQL (unseen), then the command
        statement = text("DELETE FROM lesson_progress WHERE user_id = :user")
        db.session.connection().execute(statement, {"user": self.small.badr.id})
        summaries.rebuild()

    def account_erased(self):
        erase_account(db.session.get(User, self.small.amal.id))
