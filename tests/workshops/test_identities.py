"""Global identities (migration 0014): every row that can travel to or from a workshop
laptop has its own UUID from the moment it is made; erasing someone and leaving a cohort
leave tombstones, which a laptop's results can never undo."""

from sqlalchemy import select

from tamkeen.accounts.models import Notice, User
from tamkeen.accounts.personal_data import erase_account
from tamkeen.audit import AuditEvent
from tamkeen.cohorts.models import Cohort, CohortParticipant, Organization
from tamkeen.cohorts.services import remove_participant
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson
from tamkeen.quizzes.models import Attempt, Question, Quiz
from tamkeen.tombstones import Tombstone

from ..factories import TRUE_FALSE

IDENTIFIED = (User, Organization, Cohort, Course, Lesson, Quiz, Question, Attempt, Notice,
              AuditEvent)  # fmt: skip


def test_every_identified_row_has_its_own_uuid(app, make):
    organizer = make.user("org", roles=("trainee", "organizer"))
    amal = make.user("amal")
    course = make.course(modules=1, lessons=2)
    quiz = make.quiz(course, questions=TRUE_FALSE + TRUE_FALSE)
    make.cohort(organizer, participants=[amal], courses=[course], organization=make.organization())
    make.attempt(amal, quiz)
    make.certificate(amal, course)  # and its notice
    with app.app_context():
        for model in IDENTIFIED:
            values = db.session.scalars(select(model.uuid)).all()
            assert values and None not in values, model.__name__
            assert len(set(values)) == len(values), model.__name__


def test_erasure_and_leaving_leave_tombstones_without_names(app, make, client, auth):
    organizer = make.user("org", roles=("trainee", "organizer"))
    amal, badr, chama = make.user("amal"), make.user("badr"), make.user("chama")
    course = make.course()
    cohort = make.cohort(organizer, participants=[amal, badr], courses=[course])
    auth.login("amal")
    assert client.post_form(f"/learning/cohorts/{cohort.id}/leave").status_code == 302
    with app.app_context():
        removed = db.session.scalar(
            select(CohortParticipant).where(CohortParticipant.user_id == badr.id)
        )
        remove_participant(db.session.get(Cohort, cohort.id), removed, by=organizer)
        erase_account(db.session.get(User, chama.id))
        db.session.commit()
        stones = {(s.kind, s.key) for s in db.session.scalars(select(Tombstone))}
    assert stones == {
        ("membership", f"membership:{cohort.uuid}:{amal.uuid}"),
        ("membership", f"membership:{cohort.uuid}:{badr.uuid}"),
        ("user", f"user:{chama.uuid}"),
    }
