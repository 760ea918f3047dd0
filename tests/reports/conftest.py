"""A small cohort with uneven progress, the picture every report test reads."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.extensions import db

from ..factories import TRUE_FALSE


@dataclass
class SmallCohort:
    cohort: object
    rights: object  # course: 2 modules × 2 lessons, a quiz after module 1
    budgets: object  # course: 1 module × 2 lessons, no quiz
    quiz: object
    amal: object
    badr: object
    chaima: object
    tanmia: object
    amal_org: object


@pytest.fixture
def small(make) -> SmallCohort:
    organizer = make.user("org", roles=("trainee", "organizer"))
    tanmia = make.organization("Association Tanmia")
    amal_org = make.organization("=Réseau Amal")  # a name that looks like a formula
    rights = make.course("Rights online", modules=2, lessons=2)
    budgets = make.course("Association budgets", modules=1, lessons=2)
    quiz = make.quiz(rights, questions=TRUE_FALSE, pass_mark=50)
    amal = make.user("amal", display_name="Amal Tazi")
    badr = make.user("badr", display_name="+Badr Oubaha")
    chaima = make.user("chaima")
    cohort = make.cohort(
        organizer,
        participants=[amal, badr],
        courses=[rights, budgets],
        organization=tanmia,
        member_organization=amal_org,
    )
    from tamkeen.cohorts import services as cohorts
    from tamkeen.extensions import db

    with make.app.app_context():  # chaima belongs to Tanmia
        cohorts.add_participants(
            db.session.get(type(cohort), cohort.id),
            [db.session.merge(chaima)],
            organization_id=tanmia.id,
            by=None,
        )
        db.session.commit()
    lessons = [lesson for module in rights.modules for lesson in module.lessons]
    for lesson in lessons:  # Amal completes Rights online: every lesson, and the quiz
        make.complete(amal, lesson)
    make.attempt(amal, quiz, right=False)
    make.attempt(amal, quiz, right=True)
    make.complete(amal, budgets.modules[0].lessons[0])
    make.complete(badr, lessons[0])  # Badr: one lesson, a failed quiz
    make.attempt(badr, quiz, right=False)
    return SmallCohort(cohort, rights, budgets, quiz, amal, badr, chaima, tanmia, amal_org)


@pytest.fixture
def organizer(auth, small):
    auth.login("org")
    return small


@pytest.fixture
def watched(app, organizer, make):
    """The small cohort, with its organizer's id (the pages' viewer and ``Writes``' author)."""
    with app.app_context():
        organizer.cohort_organizer_id = db.session.scalar(
            select(User.id).where(User.username == "org")
        )
    return organizer
