"""The merge's rules, one test per rule (docs/workshops.md, "When both sides changed")."""

import pytest
from sqlalchemy import func, select

from tamkeen.accounts import twofactor
from tamkeen.accounts.models import Notice, User
from tamkeen.accounts.notices import KINDS
from tamkeen.accounts.personal_data import erase_account
from tamkeen.accounts.services import authenticate
from tamkeen.certificates import services as certificates
from tamkeen.certificates.models import Certificate
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson, LessonProgress
from tamkeen.quizzes.models import Attempt
from tamkeen.tombstones import Tombstone
from tamkeen.workshops import merge

from ..conftest import PASSWORD
from ..factories import Factory
from .sync import get, lessons, set_up_laptop, the_quiz, travelling


def _done_by(app, username: str) -> list[str]:
    with app.app_context():
        return sorted(
            lesson.slug
            for lesson in db.session.scalars(
                select(Lesson).join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
                .join(User, User.id == LessonProgress.user_id).where(User.username == username)
            )
        )  # fmt: skip


def test_lessons_completed_are_a_union(workshop, laptop):
    central, make_here, make_there = workshop.central, workshop.make, Factory(laptop)
    make_here.complete(get(central, User, username="amal"), lessons(central)[1])
    for lesson in lessons(laptop)[:3]:  # the first she had already: it came in the kit
        make_there.complete(get(laptop, User, username="amal"), lesson)
    output = workshop.bring_back(laptop)
    assert _done_by(central, "amal") == ["lesson-1-1", "lesson-1-2", "lesson-2-1"]
    assert "Lessons completed: 1 new, 2 already known" in output  # 1-2: done on both sides


def test_attempt_started_on_both_sides_is_two_attempts(workshop, laptop):
    workshop.make.attempt(get(workshop.central, User, username="amal"), the_quiz(workshop.central))
    Factory(laptop).attempt(get(laptop, User, username="amal"), the_quiz(laptop), right=False)
    laptop_attempt = get(laptop, Attempt, number=1)
    workshop.bring_back(laptop)
    with workshop.central.app_context():
        attempts = db.session.scalars(select(Attempt).order_by(Attempt.number)).all()
        numbered = [(a.number, str(a.uuid), a.is_passed) for a in attempts]
    assert len(numbered) == 2 and numbered[0][2] is True  # the central one keeps number 1
    assert numbered[1] == (2, str(laptop_attempt.uuid), False)  # the laptop's comes after


def test_submitted_attempt_is_immutable(workshop, laptop):
    Factory(laptop).attempt(get(laptop, User, username="amal"), the_quiz(laptop), right=True)
    workshop.bring_back(laptop)
    kept = travelling(workshop.central)["attempts"]
    with laptop.app_context():  # a bug, or a hand, changes the attempt on the laptop
        db.session.scalars(select(Attempt)).one().score = 0.0
        db.session.commit()
    output = workshop.bring_back(laptop)
    assert "Results #2" in output and "1 attempt(s) differed from the copy here" in output
    assert travelling(workshop.central)["attempts"] == kept


def test_username_taken_centrally_renames_the_laptop_account_and_tells_her(workshop, laptop):
    workshop.make.user("dalia", display_name="Dalia of the central server")
    newcomer = Factory(laptop).user("dalia", display_name="Dalia from the village")
    output = workshop.bring_back(laptop)
    assert 'Username "dalia" was taken here: that account is now "dalia-2"' in output
    with workshop.central.app_context():
        central_dalia = db.session.scalar(select(User).where(User.username == "dalia"))
        renamed = db.session.scalar(select(User).where(User.uuid == newcomer.uuid))
        assert central_dalia.display_name == "Dalia of the central server"
        assert renamed.username == "dalia-2" and authenticate("dalia-2", PASSWORD) is not None
        notice = db.session.scalar(select(Notice).where(Notice.user_id == renamed.id))
        with workshop.central.test_request_context():
            text = KINDS[notice.kind].text(notice.details)
    assert "dalia" in text and "Sign in here as dalia-2" in text
    # A later file never renames her again: she is found by her UUID.
    Factory(laptop).complete(get(laptop, User, username="dalia"), lessons(laptop)[0])
    workshop.bring_back(laptop)
    assert get(workshop.central, User, uuid=newcomer.uuid).username == "dalia-2"


def test_erased_centrally_is_not_brought_back_and_erased_on_the_laptop_is_erased_here(
    workshop, laptop
):
    badr, chama = (get(workshop.central, User, username=n) for n in ("badr", "chama"))
    with workshop.central.app_context():
        erase_account(db.session.get(User, badr.id))
        db.session.commit()
    Factory(laptop).complete(get(laptop, User, username="badr"), lessons(laptop)[2])
    Factory(laptop).attempt(get(laptop, User, username="badr"), the_quiz(laptop))
    with laptop.app_context():
        erase_account(db.session.scalar(select(User).where(User.username == "chama")))
        db.session.commit()
    output = workshop.bring_back(laptop)
    assert "1 person(s) erased here: nothing of theirs was brought back." in output
    assert "1 person(s) erased on the laptop: erased here too." in output
    with workshop.central.app_context():
        uuids = set(db.session.scalars(select(User.uuid)))
        stones = set(db.session.scalars(select(Tombstone.key)))
        attempts = db.session.scalar(select(func.count(Attempt.id)))
    assert badr.uuid not in uuids and chama.uuid not in uuids
    assert {f"user:{badr.uuid}", f"user:{chama.uuid}"} <= stones
    assert attempts == 0


def test_a_certificate_revoked_on_either_side_stays_revoked(workshop, laptop_template):
    central, make = workshop.central, workshop.make
    course = get(central, Course)
    for name in ("amal", "badr"):
        make.certificate(get(central, User, username=name), course)  # in the cohort's name
    with set_up_laptop(workshop, laptop_template) as laptop:
        with laptop.app_context():  # the organizer revokes Amal's on the laptop
            amal = db.session.scalar(select(User).where(User.username == "amal"))
            nadia = db.session.scalar(select(User).where(User.username == "nadia"))
            certificate = db.session.scalar(
                select(Certificate).where(Certificate.user_id == amal.id)
            )
            certificates.revoke_certificate(certificate, "Issued by mistake", by=nadia)
            db.session.commit()
        with central.app_context():  # and Badr's is revoked here meanwhile
            badr = db.session.scalar(select(User).where(User.username == "badr"))
            certificate = db.session.scalar(
                select(Certificate).where(Certificate.user_id == badr.id)
            )
            certificates.revoke_certificate(certificate, "Withdrawn", by=None)
            db.session.commit()
        output = workshop.bring_back(laptop)
    assert "1 certificate(s) revoked on the laptop: revoked here too." in output
    with central.app_context():
        reasons = dict(db.session.execute(
            select(User.username, Certificate.revoke_reason).join(User)).all())  # fmt: skip
    assert reasons == {"amal": "Issued by mistake", "badr": "Withdrawn"}


def test_an_import_cut_half_way_and_run_again_ends_as_an_uncut_one(workshop, laptop, monkeypatch):
    make = Factory(laptop)
    for name in ("amal", "badr", "chama"):
        person = get(laptop, User, username=name)
        make.complete(person, lessons(laptop)[3])
        make.attempt(person, the_quiz(laptop))
    make.user("dalia")
    there = travelling(laptop)
    data = workshop.export_results(laptop).read_bytes()
    monkeypatch.setattr(merge, "BATCH", 1)  # one person a batch: five batches
    calls = []

    def killed_in_the_second_batch():
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # as kill -9: the batch in flight is never committed
        db.session.commit()

    with workshop.central.app_context():
        with pytest.raises(KeyboardInterrupt):
            merge.import_results(data, via="cli", by=None, after_batch=killed_in_the_second_batch)
        db.session.rollback()
    result = workshop.import_results(workshop.folder / "results-1.tkr")
    assert result.exit_code == 0, result.output
    assert "People: 5 (1 new accounts)" in result.output
    assert "Quiz attempts: 3 new, 0 already known" in result.output
    here = travelling(workshop.central)
    for table, rows in there.items():
        assert len(here[table]) == len(set(here[table])), table
        assert set(rows) <= set(here[table]), table


def test_a_recovery_code_used_at_the_workshop_is_used_here_too(workshop, laptop_template):
    central = workshop.central
    with central.app_context():
        amal = db.session.scalar(select(User).where(User.username == "amal"))
        codes = twofactor.new_recovery_codes(amal)  # hers travel, as hashes
        db.session.commit()
    with set_up_laptop(workshop, laptop_template) as laptop:
        with laptop.app_context():
            amal = db.session.scalar(select(User).where(User.username == "amal"))
            assert twofactor.use_recovery_code(amal, codes[0])  # it works on the laptop
            db.session.commit()
        workshop.bring_back(laptop)
    with central.app_context():
        amal = db.session.scalar(select(User).where(User.username == "amal"))
        assert not twofactor.use_recovery_code(amal, codes[0])  # spent there: spent here
        assert twofactor.use_recovery_code(amal, codes[1])  # the others still work
        db.session.commit()


def test_an_essay_written_on_the_laptop_travels_and_is_graded_centrally(workshop, laptop_template):
    from werkzeug.datastructures import MultiDict

    from tamkeen.quizzes import grading
    from tamkeen.quizzes import services as quizzes
    from tamkeen.quizzes.bank import write_questions
    from tamkeen.quizzes.models import Quiz, Response

    from ..factories import read_specs
    from .sync import TWO_QUESTIONS

    central = workshop.central
    essay = {"kind": "essay", "name": "why", "prompt": "Why is speech free?", "points": 2}
    with central.app_context():
        write_questions(db.session.scalars(select(Quiz)).one(), read_specs([*TWO_QUESTIONS, essay]))
        db.session.commit()
    with set_up_laptop(workshop, laptop_template) as laptop:
        with laptop.test_request_context():
            amal = db.session.scalar(select(User).where(User.username == "amal"))
            attempt = quizzes.start_attempt(amal, db.session.scalars(select(Quiz)).one())
            for page in quizzes.pages(attempt):
                essay_page = page.question.kind == "essay"
                typed = "Because the constitution says so." if essay_page else "true"
                form = MultiDict({"answer": typed})
                quizzes.save_answer(amal, attempt.id, page.number, form)
            quizzes.submit(amal, attempt.id)
            db.session.commit()
        workshop.bring_back(laptop)
    with central.test_request_context():
        attempt = db.session.scalars(select(Attempt)).one()
        assert attempt.is_awaiting_grading and attempt.percent is None
        course = db.session.get(Course, attempt.quiz.course_id)
        waiting = grading.queue(course)
        assert [w.response.answer for w in waiting] == ["Because the constitution says so."]
        nadia = db.session.scalar(select(User).where(User.username == "nadia"))
        grading.grade_answer(course, waiting[0].response.id, 2, "", by=nadia)
        assert (attempt.score, attempt.is_passed, attempt.is_awaiting_grading) == (4, True, False)
        kinds = db.session.scalars(select(Notice.kind).where(Notice.user_id == attempt.user_id))
        assert "quiz.graded" in list(kinds)
        assert db.session.scalar(select(func.count(Response.id))) == 3
