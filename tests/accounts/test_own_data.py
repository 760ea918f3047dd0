"""A trainee downloads everything the platform keeps about them, then erases their account.

After erasure, no row of any table names them: no column points at their id, and no text
holds their username, name or certificate code (no email address is kept to hold). What
stays is anonymous: their submitted quiz attempts, without person, typed answers or exact
times, so that the quiz statistics do not change.
"""

import json
from pathlib import Path

import pytest
from sqlalchemy import JSON, String, Text, select

from tamkeen.accounts.models import User
from tamkeen.accounts.personal_data import erase_account
from tamkeen.audit import AuditEvent
from tamkeen.certificates.models import Certificate
from tamkeen.cohorts.membership import invite_people
from tamkeen.cohorts.models import Cohort, CohortParticipant, PersonalInvitation
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.learning.models import Enrolment, LessonProgress
from tamkeen.quizzes.models import Attempt, Response
from tamkeen.quizzes.statistics import quiz_statistics

from ..factories import PASSWORD
from ..quizzes.helpers import right_form, take, wrong_form

NAME = "Zineb Tahiri"


@pytest.fixture
def zineb(app, client, make, auth):
    """A trainee with an enrolment, a completed lesson, a submitted quiz and a certificate,
    next to another trainee who took the same quiz."""
    course = make.course("Rights online", modules=1, lessons=2)
    quiz = make.quiz(course)
    for name, forms in (("badr-stays", wrong_form), ("zineb-erases", right_form)):
        mine = {"display_name": NAME} if name == "zineb-erases" else {}
        person = make.user(name, **mine)
        make.enrol(person, course)
        make.complete(person, course.modules[0].lessons[0])
        auth.login(name)
        take(client, quiz, forms)
        auth.logout()
    user = make.get(User, person.id)
    certificate = make.certificate(user, course, printed_name=NAME)
    organizer = make.user("organizer", roles=("trainee", "organizer"))
    make.cohort(
        organizer, name="Tanmia spring", participants=[user], courses=[course],
        member_organization=make.organization(),
    )  # fmt: skip
    autumn = make.cohort(organizer, name="Tanmia autumn")
    with make.app.app_context():  # invited to a second one, not answered yet
        invite_people(db.session.get(Cohort, autumn.id), [db.session.get(User, user.id)],
                      organization_id=None, by=db.session.get(User, organizer.id))  # fmt: skip
        db.session.commit()
    auth.login("zineb-erases")
    return user, course, quiz, certificate


def statistics_of(app, quiz):
    with app.test_request_context():
        stats = quiz_statistics(db.session.get(type(quiz), quiz.id))
        per_question = [
            (q.answered, q.mean, q.facility, q.discrimination, q.picks) for q in stats.questions
        ]
        return stats.attempts, stats.trainees, stats.mean_percent, stats.pass_rate, per_question


def rows_naming(app, user_id: int, words: list[str]) -> list[str]:
    """Every row, in every table, that points at the person or holds one of ``words``."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()).mappings():
                for column in table.columns:
                    value = row[column.key]
                    points = any(fk.column.table.name == "users" for fk in column.foreign_keys)
                    if points and value == user_id:
                        found.append(f"{table.name}.{column.key}")
                    if isinstance(column.type, String | Text | JSON) and value is not None:
                        text = json.dumps(value, ensure_ascii=False).casefold()
                        found += [f"{table.name}.{column.key}" for w in words if w in text]
    return found


def test_trainee_downloads_everything_about_them_and_nobody_else(client, zineb):
    user, course, quiz, certificate = zineb
    response = client.get("/account/data/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    data = response.get_json()
    assert data["account"]["username"] == "zineb-erases"
    assert "email" not in data["account"]
    assert [e["course"] for e in data["enrolments"]] == ["Rights online"]
    assert len(data["lesson_progress"]) == 1
    assert len(data["quiz_attempts"]) == 1 and data["quiz_attempts"][0]["answers"]
    assert data["certificates"][0]["printed_name"] == NAME
    assert data["cohorts"] == [
        {
            "cohort": "Tanmia spring",
            "as": "participant",
            "organization": "Association Tanmia",
            "since": data["cohorts"][0]["since"],
        },
        {
            "cohort": "Tanmia autumn",
            "as": "invited",
            "organization": None,
            "since": data["cohorts"][1]["since"],
        },
    ]
    assert [n["notice"] for n in data["notices"]] == [
        "Your certificate for Rights online is issued.",
        "You are invited to join the cohort Tanmia autumn. Its organizers see nothing of "
        "yours unless you accept.",
    ]
    answers = data["quiz_attempts"][0]["answers"]
    assert answers[0]["answer"] == "The Universal Declaration"  # the choice's text, not its id
    assert "badr-stays" not in response.get_data(as_text=True)

    readable = client.get("/account/data/export.html")
    assert readable.status_code == 200
    assert "sandbox" in readable.headers["Content-Security-Policy"].split("; ")
    page = readable.get_data(as_text=True)
    assert "Rights online" in page and NAME in page and "badr-stays" not in page


def test_trainee_erases_their_account_and_no_row_names_them(app, client, make, zineb):
    user, course, quiz, certificate = zineb
    download = client.get(f"/certificates/{certificate.id}/download")
    assert download.status_code == 200
    download.close()
    person_pdfs = Path(app.config["DATA_DIR"]) / "pdf-cache" / "people" / str(user.id)
    assert person_pdfs.is_dir()
    before = statistics_of(app, quiz)
    words = ["zineb-erases", NAME.casefold(), certificate.code.casefold()]
    assert rows_naming(app, user.id, words)  # the scan finds them while they exist

    response = client.post_form("/account/erase", {"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert "storage" in response.headers["Clear-Site-Data"]

    assert rows_naming(app, user.id, words) == []
    assert not person_pdfs.exists()
    assert statistics_of(app, quiz) == before  # the anonymous aggregate stays
    assert make.count(Attempt) == 2 and make.count(Attempt, user_id=None) == 1
    with app.app_context():
        detached = db.session.scalar(select(Attempt).where(Attempt.user_id.is_(None)))
        answers = db.session.scalars(
            select(Response.answer).where(Response.attempt_id == detached.id)
        )
        assert set(answers) == {None}
        assert detached.started_at.time().isoformat() == "00:00:00"
    badr = make.get(User, user.id - 1)
    assert badr.username == "badr-stays"
    assert make.count(Enrolment, user_id=badr.id) == make.count(LessonProgress, user_id=badr.id)
    assert make.count(Attempt, user_id=badr.id) == 1
    assert make.count(AuditEvent, action="account.erased", actor_id=None) == 1
    assert make.count(Cohort) == 2 and make.count(CohortParticipant) == 0
    assert make.count(PersonalInvitation) == 0
    assert client.get(f"/verify/{certificate.code}").status_code == 404
    signed_out = client.get("/account")
    assert signed_out.status_code == 302
    again = client.post_form("/sign-in", {"username": "zineb-erases", "password": PASSWORD})
    assert again.status_code == 422


@pytest.mark.parametrize(
    "fields",
    [{"password": "not my password", "confirm": "y"}, {"password": PASSWORD}],
    ids=["wrong password", "box not ticked"],
)
def test_erasure_without_the_password_or_the_box_erases_nothing(app, client, make, zineb, fields):
    user = zineb[0]
    response = client.post_form("/account/erase", fields)
    assert response.status_code == 422
    assert make.get(User, user.id).is_disabled is False
    assert make.count(Certificate, user_id=user.id) == 1
    assert client.get("/account").status_code == 200


def test_an_interrupted_erasure_is_finished_by_running_it_again(app, make, zineb):
    user = zineb[0]

    def stop_after_progress(step: str) -> None:
        db.session.commit()
        if step == "lesson_progress":
            raise KeyboardInterrupt

    with app.test_request_context():
        with pytest.raises(KeyboardInterrupt):
            erase_account(db.session.get(User, user.id), after_step=stop_after_progress)
        db.session.rollback()
    half = make.get(User, user.id)
    assert half.is_disabled and half.erasure_started_at is not None and half.display_name is None
    assert make.count(LessonProgress, user_id=user.id) == 0

    with app.test_request_context():
        erase_account(db.session.get(User, user.id))
        db.session.commit()
    assert rows_naming(app, user.id, ["zineb-erases", NAME.casefold()]) == []


def test_the_readable_page_reads_in_arabic_without_codes_or_json(client, zineb):
    """Labels in the reader's language, dates as Arabic writes them, answers as text,
    right to left: a page to read, not a dump of the JSON file."""
    from tamkeen.pdf import print_date

    client.post_form("/language", {"locale": "ar"})
    response = client.get("/account/data/export.html")
    page = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "اسم المستخدم" in page  # "Username"
    for code in ("display_name", "completed_at", "recovery_codes_left", "quiz_attempts"):
        assert code not in page, code
    assert "\\u0" not in page and "{&#34;" not in page and '{"' not in page
    assert print_date(utcnow(), "ar") in page  # e.g. "6 دجنبر 2026"
    assert "The Universal Declaration" in page  # her answer, as the text she picked
    assert "مشارك" in page  # "participant", not the code


def test_every_key_of_the_export_has_a_label(app, make, zineb):
    """A section that adds a key without naming it would show the code on the page: the
    exports of a trainee (Zineb) and a trainer who saved a lesson fill every section."""
    from tamkeen.accounts.personal_data import export_data, readable_sections
    from tamkeen.accounts.services import set_roles
    from tamkeen.authoring.revisions import save_lesson
    from tamkeen.learning.models import Lesson
    from tamkeen.quizzes.extra_time import set_extra_time

    trainer = make.user("tess", roles=("trainer",))
    course = make.course("Budgets", owner=trainer, modules=1, lessons=1)
    with app.test_request_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        tess = db.session.get(User, trainer.id)
        save_lesson(lesson, title="T", summary="", body="x", by=tess)
        set_roles(tess, {"trainee", "trainer"}, by=tess)  # an audit line about her
        set_extra_time(db.session.get(User, zineb[0].id), lesson.course, 50, by=tess)
        db.session.commit()
        exports = [export_data(db.session.get(User, who.id)) for who in (zineb[0], trainer)]
        unnamed, empty = set(), {s.name for s in readable_sections()}
        for data in exports:
            for section in readable_sections():
                rows = data[section.name]
                rows = [rows] if isinstance(rows, dict) else rows
                empty -= {section.name} if rows else set()
                for key, value in (pair for row in rows for pair in row.items()):
                    items = value if isinstance(value, list) else []
                    inner = [k for item in items if isinstance(item, dict) for k in item]
                    unnamed |= {f"{section.name}.{k}" for k in [key, *inner]
                                if isinstance(k, str) and k not in section.labels}  # fmt: skip
    assert empty == set()
    assert unnamed == set()
