"""A course world for authoring tests: an owner, a co-trainer, and strangers to it."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tamkeen.audit import AuditEvent
from tamkeen.authoring import images, revisions
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.extensions import db
from tamkeen.learning.models import CourseTrainer, Lesson

from .pictures import drawing


@pytest.fixture
def world(app, make):
    owner = make.user("owner", roles=("trainee", "trainer"))
    co = make.user("cotrainer", roles=("trainee", "trainer"))
    stranger = make.user("stranger", roles=("trainee", "trainer"))
    trainee = make.user("trainee")
    organizer = make.user("organizer", roles=("trainee", "organizer"))
    admin = make.user("admin", roles=("trainee", "admin"))
    course = make.course("Advocacy basics", owner=owner, status="published")
    make.co_trainer(course, co)
    make.course("Someone else's", owner=stranger, status="draft")
    with app.app_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        revision = revisions.save_lesson(lesson, title="Lesson 1.1", summary="", body="New", by=co)
        image = images.store_image(lesson.course, "map.png", clean_image(drawing()))
        co_row = db.session.scalar(select(CourseTrainer).where(CourseTrainer.user_id == co.id))
        db.session.commit()
        ids = SimpleNamespace(revision=revision.id, image=image.id, co_row=co_row.id)
    quiz = make.quiz(course, final=True)
    ids.quiz, ids.question = quiz.id, quiz.questions[0].id
    return SimpleNamespace(
        owner=owner, co=co, stranger=stranger, trainee=trainee, organizer=organizer,
        admin=admin, course=course, module=course.modules[0], lesson=course.modules[0].lessons[0],
        ids=ids,
    )  # fmt: skip


@pytest.fixture
def audit_count(app):
    """How many changes the audit log has recorded (sign-ins aside)."""

    def count() -> int:
        with app.app_context():
            query = select(func.count(AuditEvent.id)).where(AuditEvent.action != "staff.sign_in")
            return db.session.scalar(query)

    return count


@pytest.fixture
def rania(make):
    """A trainer (not signed in)."""
    return make.user("rania", roles=("trainee", "trainer"))
