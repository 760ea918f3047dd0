"""``export-kit``: one cohort, packed for a workshop laptop (docs/design/workshop-sync.md, 4.2).

Only the cohort's organizers and its accepted participants travel, with their password
hashes and (participants) their unused recovery codes' hashes; their enrolments, progress,
submitted attempts (headers, no answers) and the certificates issued in the cohort's name,
in its courses. The courses travel as their packages, with the central UUIDs beside them.
"""

import base64
import json
from datetime import date, datetime
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from ..accounts.models import RecoveryCode, User
from ..audit import record_event
from ..authoring.exporter import export_course
from ..certificates.models import Certificate
from ..cohorts.models import Cohort, CohortCourse, CohortOrganizer, CohortParticipant, Organization
from ..database import utcnow
from ..extensions import db
from ..learning.models import Course, Enrolment, Lesson, LessonProgress
from ..quizzes.models import Attempt, Quiz
from . import keys
from .container import FileRefused, write_file
from .models import WorkshopKit, WorkshopKitCourse, WorkshopKitMember
from .payload import build_payload


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def schema_revision() -> str:
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""


def _course_identities(course: Course) -> dict:
    quizzes = db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)).all()
    slugs = {module.id: module.slug for module in course.modules}
    return {
        "slug": course.slug,
        "uuid": str(course.uuid),
        "lessons": {
            lesson.slug: str(lesson.uuid)
            for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
        },
        "quizzes": [
            {
                "module": slugs.get(quiz.module_id) if quiz.module_id else None,
                "uuid": str(quiz.uuid),
                "questions": [str(question.uuid) for question in quiz.questions],
            }
            for quiz in quizzes
        ],
    }


def _people(cohort: Cohort) -> tuple[list[dict], dict[int, str]]:
    organizers = db.session.scalars(
        select(User)
        .join(CohortOrganizer, CohortOrganizer.user_id == User.id)
        .where(CohortOrganizer.cohort_id == cohort.id)
    ).all()
    members = db.session.execute(
        select(User, CohortParticipant)
        .join(CohortParticipant, CohortParticipant.user_id == User.id)
        .where(CohortParticipant.cohort_id == cohort.id)
    ).all()
    organizations = dict(db.session.execute(select(Organization.id, Organization.uuid)).all())
    people: dict[int, dict] = {}
    for user in organizers:
        people[user.id] = {"role": "organizer", "organization": None, "joined_at": None}
    for user, member in members:
        if user.id not in people:  # an organizer who is also a participant travels once
            people[user.id] = {
                "role": "participant",
                "organization": str(organizations[member.organization_id])
                if member.organization_id
                else None,
                "joined_at": iso(member.joined_at),
            }
    users = {u.id: u for u in organizers} | {u.id: u for u, _m in members}
    codes: dict[int, list[dict]] = {}
    for code in db.session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.user_id.in_(list(people)), RecoveryCode.used_at.is_(None)
        )
    ):
        if people[code.user_id]["role"] == "participant":
            codes.setdefault(code.user_id, []).append(
                {"digest": code.digest, "salt": code.salt, "created_at": iso(code.created_at)}
            )
    rows = []
    for user_id, extra in people.items():
        user = users[user_id]
        if user.erasure_started_at is not None or user.is_disabled:
            continue
        rows.append(
            {
                "uuid": str(user.uuid),
                "username": user.username,
                "display_name": user.display_name,
                "password_hash": user.password_hash,
                "locale": user.locale,
                "created_at": iso(user.created_at),
                "two_factor_elsewhere": user.has_two_factor,
                "recovery_codes": sorted(codes.get(user_id, []), key=lambda c: c["digest"]),
                **extra,
            }
        )
    rows.sort(key=lambda row: row["uuid"])
    return rows, {uid: str(users[uid].uuid) for uid in people}


def _activity(user_uuids: dict[int, str], courses: list[Course]) -> dict[str, list]:
    ids, course_ids = list(user_uuids), [course.id for course in courses]
    course_uuid = {course.id: str(course.uuid) for course in courses}
    lessons = dict(
        db.session.execute(
            select(Lesson.id, Lesson.uuid).where(Lesson.course_id.in_(course_ids))
        ).all()
    )
    quizzes = dict(
        db.session.execute(select(Quiz.id, Quiz.uuid).where(Quiz.course_id.in_(course_ids))).all()
    )
    enrolments = [
        {
            "user": user_uuids[e.user_id],
            "course": course_uuid[e.course_id],
            "enrolled_at": iso(e.enrolled_at),
        }
        for e in db.session.scalars(
            select(Enrolment).where(Enrolment.user_id.in_(ids), Enrolment.course_id.in_(course_ids))
        )
    ]
    progress = [
        {
            "user": user_uuids[p.user_id],
            "lesson": str(lessons[p.lesson_id]),
            "completed_at": iso(p.completed_at),
        }
        for p in db.session.scalars(
            select(LessonProgress).where(
                LessonProgress.user_id.in_(ids), LessonProgress.lesson_id.in_(list(lessons))
            )
        )
    ]
    attempts = [
        {
            "uuid": str(a.uuid),
            "user": user_uuids[a.user_id],
            "quiz": str(quizzes[a.quiz_id]),
            "number": a.number,
            "started_at": iso(a.started_at),
            "submitted_at": iso(a.submitted_at),
            "score": a.score,
            "max_score": a.max_score,
            "percent": a.percent,
            "is_passed": a.is_passed,
            "is_timed_out": a.is_timed_out,
        }
        for a in db.session.scalars(
            select(Attempt).where(
                Attempt.user_id.in_(ids),
                Attempt.quiz_id.in_(list(quizzes)),
                Attempt.submitted_at.is_not(None),
            )
        )
    ]
    return {
        "enrolments.jsonl": enrolments,
        "lesson_progress.jsonl": progress,
        "attempts.jsonl": attempts,
    }


def certificate_row(c: Certificate, user_uuid: str, course_uuid: str) -> dict:
    return {
        "code": c.code,
        "user": user_uuid,
        "course": course_uuid,
        "language": c.language,
        "course_title": c.course_title,
        "issuer": c.issuer,
        "signatories": c.signatories,
        "printed_name": c.printed_name,
        "completed_at": iso(c.completed_at),
        "issued_at": iso(c.issued_at),
        "revoked_at": iso(c.revoked_at),
        "revoke_reason": c.revoke_reason,
    }


def build_kit(cohort: Cohort, *, by: User | None, central_url: str = "") -> tuple[bytes, str, UUID]:
    """The kit's bytes, its passphrase (to show once) and its UUID. The kit's rows are
    added to the session (the caller commits, then writes the file)."""
    courses = list(
        db.session.scalars(
            select(Course)
            .join(CohortCourse, CohortCourse.course_id == Course.id)
            .where(CohortCourse.cohort_id == cohort.id)
            .order_by(CohortCourse.id)
        )
    )
    if not courses:
        raise FileRefused(_l("This cohort has no course: add its courses first."))
    if any(not course.is_published for course in courses):
        raise FileRefused(_l("A course of this cohort is a draft: publish it first."))
    people, user_uuids = _people(cohort)
    organizations = db.session.scalars(select(Organization)).all()
    used = {cohort.organization_id} | {
        o
        for o in db.session.scalars(
            select(CohortParticipant.organization_id).where(
                CohortParticipant.cohort_id == cohort.id
            )
        )
    }
    certificates = [
        certificate_row(c, user_uuids[c.user_id], str(c.course.uuid))
        for c in db.session.scalars(
            select(Certificate).where(
                Certificate.cohort_id == cohort.id,
                Certificate.user_id.in_(list(user_uuids)),
                Certificate.course_id.in_([course.id for course in courses]),
            )
        )
    ]
    secret = keys.workshop_secret(create=True)
    central = keys.signing_key(secret)
    kit_uuid, kit_key = uuid4(), Ed25519PrivateKey.generate()
    created_at = utcnow()
    entries = {
        "keys.json": {
            "kit_key": keys.private_text(kit_key),
            "results_key": base64.b64encode(keys.results_key(secret, kit_uuid)).decode(),
        },
        "cohort.json": {
            "uuid": str(cohort.uuid),
            "name": cohort.name,
            "starts_on": iso(cohort.starts_on),
            "ends_on": iso(cohort.ends_on),
            "organization": str(cohort.organization.uuid) if cohort.organization else None,
            "organizations": [
                {"uuid": str(o.uuid), "name": o.name} for o in organizations if o.id in used
            ],
            "signatories": [{"name": s.name, "title": s.title} for s in cohort.signatories],
            "courses": [str(course.uuid) for course in courses],
        },
        "identities.json": {"courses": [_course_identities(course) for course in courses]},
        "people.jsonl": people,
        "certificates.jsonl": sorted(certificates, key=lambda row: row["code"]),
        **_activity(user_uuids, courses),
    }
    for course in courses:
        entries[f"courses/{course.slug}.zip"] = export_course(course)
    for name in ("enrolments.jsonl", "lesson_progress.jsonl", "attempts.jsonl"):
        entries[name].sort(key=lambda row: json.dumps(row, sort_keys=True))
    schema = schema_revision()
    manifest = {
        "kit": str(kit_uuid),
        "cohort": str(cohort.uuid),
        "created_at": iso(created_at),
        "schema": schema,
        "central": {
            "url": central_url or current_app.config.get("PUBLIC_URL", ""),
            "public_key": keys.public_text(central),
        },
    }
    payload = build_payload(entries, manifest)
    passphrase = keys.new_passphrase()
    kdf = keys.kdf_parameters()
    header = {
        "kit": str(kit_uuid),
        "created_at": iso(created_at),
        "schema": schema,
        "central_key": keys.public_text(central),
        "kdf": kdf,
    }
    data = write_file("kit", header, payload, keys.passphrase_key(passphrase, kdf), central)
    kit = WorkshopKit(
        uuid=kit_uuid,
        cohort_id=cohort.id,
        created_by_id=getattr(by, "id", None),
        created_at=created_at,
        public_key=keys.public_text(kit_key),
        schema=schema,
    )
    db.session.add(kit)
    db.session.flush()
    roles = {row["uuid"]: row["role"] for row in people}
    db.session.add_all(
        WorkshopKitMember(kit_id=kit.id, user_id=uid, role=roles[uuid])
        for uid, uuid in user_uuids.items()
        if uuid in roles
    )
    db.session.add_all(WorkshopKitCourse(kit_id=kit.id, course_id=c.id) for c in courses)
    record_event(by, "workshop.kit_exported", cohort)
    db.session.flush()
    return data, passphrase, kit_uuid
