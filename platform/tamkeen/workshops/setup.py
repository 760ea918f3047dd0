"""``flask workshop setup kit.tkw``: a workshop laptop born from a kit, on an empty database
(docs/design/workshop-sync.md, 5.1). Everything is written in one transaction, so a setup
that fails leaves the laptop empty and can simply be run again."""

import io
import json
from datetime import date, datetime
from pathlib import Path
from uuid import UUID, uuid4

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import RecoveryCode, User, UserRole
from ..audit import record_event
from ..authoring.archives import import_archive
from ..certificates.models import Certificate
from ..cohorts.models import (
    Cohort,
    CohortCourse,
    CohortOrganizer,
    CohortParticipant,
    CohortSignatory,
    Organization,
)
from ..database import utcnow
from ..extensions import db
from ..laptop import WORKSHOP_SETTING  # what this laptop is: immutable after setup
from ..learning import summaries
from ..learning.models import Course, Enrolment, Lesson, LessonProgress, Module
from ..private_files import write_new_private
from ..quizzes.models import Attempt, Quiz
from ..site_settings import get_setting, set_setting
from . import keys
from .container import FileRefused, read_file
from .kits import iso, schema_revision
from .payload import read_payload

SYNC_SETTING = "workshop_sync"  # its results' sequence and last digest
KEY_FILE = Path("workshop") / "kit.key"


def when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def laptop() -> dict | None:
    """The workshop setting of a laptop set up from a kit; None on any other instance."""
    return get_setting(WORKSHOP_SETTING)


def open_kit(data: bytes, passphrase: str) -> tuple[dict, dict, dict]:
    """(header, manifest, entries) of a kit, or FileRefused."""

    def decrypt_key(header: dict) -> bytes:
        if not keys.kdf_within_bounds(header.get("kdf")):
            raise ValueError("kdf out of bounds")
        return keys.passphrase_key(passphrase, header["kdf"])

    header, payload = read_file(
        data,
        "kit",
        verify_key=lambda h: keys.load_public(str(h.get("central_key", ""))),
        decrypt_key=decrypt_key,
    )
    manifest, entries = read_payload(payload)
    if manifest.get("kit") != header.get("kit"):
        raise FileRefused(_l("The file's contents are damaged."))
    return header, manifest, entries


def _import_courses(entries: dict, identities: dict) -> dict[str, Course]:
    courses = {}
    for course in identities["courses"]:
        package = entries.get(f"courses/{course['slug']}.zip")
        if package is None:
            raise FileRefused(_l("This kit does not match its courses."))
        report = import_archive(io.BytesIO(package), len(package))
        if not report.ok:
            problem = report.problems[0]
            raise FileRefused(
                _l(
                    "This kit's course %(slug)s could not be set up: %(problem)s",
                    slug=course["slug"],
                    problem=str(problem),
                )
            )
        row = db.session.scalar(select(Course).where(Course.slug == course["slug"]))
        row.uuid = UUID(course["uuid"])
        for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == row.id)):
            if lesson.slug not in course["lessons"]:
                raise FileRefused(_l("This kit does not match its courses."))
            lesson.uuid = UUID(course["lessons"][lesson.slug])
        modules = {
            m.slug: m.id
            for m in db.session.scalars(select(Module).where(Module.course_id == row.id))
        }
        for quiz_map in course["quizzes"]:
            module_id = modules.get(quiz_map["module"]) if quiz_map["module"] else None
            quiz = db.session.scalar(
                select(Quiz).where(Quiz.course_id == row.id, Quiz.module_id.is_(None))
                if module_id is None
                else select(Quiz).where(Quiz.module_id == module_id)
            )
            if quiz is None or len(quiz.questions) != len(quiz_map["questions"]):
                raise FileRefused(_l("This kit does not match its courses."))
            quiz.uuid = UUID(quiz_map["uuid"])
            for question, value in zip(quiz.questions, quiz_map["questions"], strict=True):
                question.uuid = UUID(value)
        courses[course["uuid"]] = row
    db.session.flush()
    return courses


def _people(entries: dict, cohort: Cohort, organizations: dict[str, int]) -> dict[str, int]:
    ids = {}
    for person in entries["people.jsonl"]:
        roles = ("trainee", "organizer") if person["role"] == "organizer" else ("trainee",)
        user = User(
            uuid=UUID(person["uuid"]),
            username=person["username"],
            display_name=person["display_name"],
            password_hash=person["password_hash"],
            locale=person["locale"],
            created_at=when(person["created_at"]),
        )
        user.role_rows = [UserRole(role=role) for role in roles]
        db.session.add(user)
        db.session.flush()
        ids[person["uuid"]] = user.id
        db.session.add_all(
            RecoveryCode(
                user_id=user.id,
                digest=code["digest"],
                salt=code["salt"],
                created_at=when(code["created_at"]),
            )
            for code in person["recovery_codes"]
        )
        if person["role"] == "organizer":
            db.session.add(CohortOrganizer(cohort_id=cohort.id, user_id=user.id))
        else:
            organization = organizations.get(person["organization"] or "")
            db.session.add(
                CohortParticipant(
                    cohort_id=cohort.id,
                    user_id=user.id,
                    organization_id=organization,
                    joined_at=when(person["joined_at"]),
                )
            )
    db.session.flush()
    return ids


def _activity(entries: dict, people: dict[str, int], courses: dict[str, Course], cohort: Cohort):
    lessons = {str(u): i for i, u in db.session.execute(select(Lesson.id, Lesson.uuid))}
    quizzes = {str(u): i for i, u in db.session.execute(select(Quiz.id, Quiz.uuid))}
    for row in entries["enrolments.jsonl"]:
        db.session.add(
            Enrolment(
                user_id=people[row["user"]],
                course_id=courses[row["course"]].id,
                enrolled_at=when(row["enrolled_at"]),
            )
        )
    for row in entries["lesson_progress.jsonl"]:
        if row["lesson"] in lessons:  # an unpublished lesson's progress stays central
            db.session.add(
                LessonProgress(
                    user_id=people[row["user"]],
                    lesson_id=lessons[row["lesson"]],
                    completed_at=when(row["completed_at"]),
                )
            )
    for row in entries["attempts.jsonl"]:
        if row["quiz"] not in quizzes:
            continue
        # A header only: its answers stay on the central server (question_order empty).
        db.session.add(
            Attempt(
                uuid=UUID(row["uuid"]),
                quiz_id=quizzes[row["quiz"]],
                user_id=people[row["user"]],
                number=row["number"],
                seed=0,
                question_order=[],
                started_at=when(row["started_at"]),
                submitted_at=when(row["submitted_at"]),
                score=row["score"],
                max_score=row["max_score"],
                percent=row["percent"],
                is_passed=row["is_passed"],
                is_timed_out=row["is_timed_out"],
            )
        )
    for row in entries["certificates.jsonl"]:
        db.session.add(
            Certificate(
                code=row["code"],
                user_id=people[row["user"]],
                course_id=courses[row["course"]].id,
                cohort_id=cohort.id,
                language=row["language"],
                course_title=row["course_title"],
                issuer=row["issuer"],
                signatories=row["signatories"],
                printed_name=row["printed_name"],
                completed_at=when(row["completed_at"]),
                issued_at=when(row["issued_at"]),
                revoked_at=when(row["revoked_at"]),
                revoke_reason=row["revoke_reason"],
            )
        )
    db.session.flush()


def set_up(data: bytes, passphrase: str) -> dict:
    """Set this empty instance up from a kit; the kit's keys (for ``write_kit_keys`` once
    committed). FileRefused, with nothing written, for anything wrong."""
    done = laptop()
    if done is not None:
        raise FileRefused(_l("This laptop is already set up from a workshop kit."))
    header, manifest, entries = open_kit(data, passphrase)
    if db.session.scalar(select(func.count(User.id))) or db.session.scalar(
        select(func.count(Course.id))
    ):
        raise FileRefused(
            _l("Set up a workshop laptop on an empty data folder (TAMKEEN_DATA_DIR).")
        )
    if header.get("schema") != schema_revision():
        raise FileRefused(
            _l(
                "This kit comes from another version of Tamkeen: install the same version "
                "as the central server."
            )
        )
    courses = _import_courses(entries, entries["identities.json"])
    about = entries["cohort.json"]
    organizations = {}
    for row in about["organizations"]:
        organization = Organization(uuid=UUID(row["uuid"]), name=row["name"])
        db.session.add(organization)
        db.session.flush()
        organizations[row["uuid"]] = organization.id
    cohort = Cohort(
        uuid=UUID(about["uuid"]),
        name=about["name"],
        organization_id=organizations.get(about["organization"] or ""),
        starts_on=day(about["starts_on"]),
        ends_on=day(about["ends_on"]),
    )
    cohort.signatories = [
        CohortSignatory(position=n, name=s["name"], title=s["title"])
        for n, s in enumerate(about["signatories"], start=1)
    ]
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(
        CohortCourse(cohort_id=cohort.id, course_id=courses[u].id) for u in about["courses"]
    )
    people = _people(entries, cohort, organizations)
    _activity(entries, people, courses, cohort)
    summaries.rebuild()
    set_setting(
        WORKSHOP_SETTING,
        {
            "format": 1,
            "kit": header["kit"],
            "cohort": about["uuid"],
            "device": str(uuid4()),
            "set_up_at": iso(utcnow()),
            "kit_created_at": header.get("created_at"),
            "central": manifest.get("central", {}),
            "fingerprint": keys.fingerprint(header["central_key"]),
            "people": sorted(people),
        },
    )
    set_setting(SYNC_SETTING, {"seq": 0, "last_payload_sha256": None})
    record_event(None, "workshop.set_up", cohort)
    db.session.flush()
    return entries["keys.json"]


def key_path() -> Path:
    return Path(current_app.config["DATA_DIR"]) / KEY_FILE


def write_kit_keys(kit_keys: dict) -> None:
    """After setup's commit: the kit's private key and results key, readable by the owner
    only (DATA_DIR/workshop/kit.key)."""
    path = key_path()
    path.parent.mkdir(mode=0o700, exist_ok=True)
    write_new_private(path, json.dumps(kit_keys).encode())


def kit_keys() -> dict:
    path = key_path()
    if not path.exists():
        raise FileRefused(
            _l("This laptop was set up without its key: start again on an empty data folder.")
        )
    return json.loads(path.read_text())
