"""Kit -> setup -> a day's work on the laptop -> results -> import, on two instances (the
central one on the suite's database: SQLite, and PostgreSQL in the PostgreSQL run).
Every table that travels is compared by identity: nothing lost, nothing doubled."""

from sqlalchemy import select

from tamkeen.accounts import twofactor
from tamkeen.accounts.models import User
from tamkeen.accounts.services import authenticate
from tamkeen.cohorts.membership import leave_cohort
from tamkeen.cohorts.models import CohortParticipant
from tamkeen.extensions import db
from tamkeen.learning.models import Course

from ..conftest import PASSWORD
from ..factories import Factory
from .sync import counts, get, lessons, the_quiz, travelling


def a_day_at_the_workshop(laptop) -> list[str]:
    """Dalia registers (and keeps her recovery codes), Amal finishes the course, passes the
    quiz and gets her certificate, Badr reads a lesson and fails the quiz, Chama leaves."""
    make = Factory(laptop)
    dalia = make.user("dalia", display_name="Dalia Amrani")
    with laptop.app_context():
        codes = twofactor.new_recovery_codes(db.session.get(User, dalia.id))
        db.session.commit()
    amal, badr = get(laptop, User, username="amal"), get(laptop, User, username="badr")
    course, quiz = get(laptop, Course), the_quiz(laptop)
    for lesson in lessons(laptop):
        make.complete(amal, lesson)
    make.complete(badr, lessons(laptop)[0])
    make.enrol(dalia, course)
    make.complete(dalia, lessons(laptop)[1])
    make.attempt(amal, quiz, right=True)
    make.attempt(badr, quiz, right=False)
    make.certificate(amal, course, printed_name="Amal Tazi")
    with laptop.app_context():
        chama = db.session.scalar(select(User).where(User.username == "chama"))
        member = db.session.scalar(
            select(CohortParticipant).where(CohortParticipant.user_id == chama.id)
        )
        leave_cohort(member, user=chama)
        db.session.commit()
    return codes


def test_kit_setup_work_results_and_import_bring_everything_back_once(workshop, laptop):
    before_kit = travelling(workshop.central)
    codes = a_day_at_the_workshop(laptop)
    there = travelling(laptop)
    output = workshop.bring_back(laptop)
    here = travelling(workshop.central)
    for table, rows in there.items():
        assert len(here[table]) == len(set(here[table])), f"{table}: a row twice"
        if table == "memberships":
            continue
        missing = set(rows) - set(here[table])
        assert not missing, f"{table}: lost {missing}"
    # Memberships: the laptop's, and Karim's in the other cohort (never in the kit).
    assert set(there["memberships"]) < set(here["memberships"])
    assert len(here["memberships"]) == len(there["memberships"]) + 1
    assert "People: 5 (1 new accounts)" in output and "Conflicts: 1" in output
    assert "Quiz attempts: 2 new" in output and "Certificates: 1 issued" in output
    assert "left the cohort on the laptop" in output
    # Nothing of the central side was lost on the way either.
    assert set(before_kit["lesson_progress"]) <= set(here["lesson_progress"])

    with workshop.central.app_context():
        assert authenticate("dalia", PASSWORD) is not None  # her password works here
        dalia = db.session.scalar(select(User).where(User.username == "dalia"))
        assert dalia.display_name == "Dalia Amrani"
        assert twofactor.use_recovery_code(dalia, codes[0])  # and her recovery codes
        db.session.commit()
    code = there["certificates"][0][0]
    page = workshop.central.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert "Amal Tazi" in page and "Rights online" in page  # the laptop's code verifies here

    # The same file again: nothing changes, not even the journal.
    tables = counts(workshop.central)
    result = workshop.import_results(workshop.folder / "results-1.tkr")
    assert result.exit_code == 0 and "already imported" in result.output
    assert counts(workshop.central) == tables
    # A new file with nothing new keeps its number and changes nothing either.
    output = workshop.bring_back(laptop)
    assert "Results #1" in output and "already imported" in output
    assert counts(workshop.central) == tables
