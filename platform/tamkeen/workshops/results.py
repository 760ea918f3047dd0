"""Results: the laptop's whole state for its cohort, sent back as one file (``.tkr``).

``build_results`` (laptop) writes a whole snapshot each time, never a diff: a newer file
holds everything an older one did, so a lost USB stick loses nothing. The sequence number
grows only when the content changed. ``open_results`` (central) checks the file against
the kit it claims, and gives back its rows (docs/design/workshop-sync.md, 4.3 and 5.6).
"""

import base64
import hashlib
from collections import defaultdict
from uuid import UUID

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import Notice, RecoveryCode, User
from ..audit import AuditEvent
from ..certificates.models import Certificate
from ..cohorts.models import Cohort, CohortParticipant, Organization
from ..database import utcnow
from ..extensions import db
from ..learning.models import Course, Enrolment, Lesson, LessonProgress
from ..quizzes.models import AnswerPick, Attempt, Question, Quiz, Response
from ..site_settings import get_setting, set_setting
from ..tombstones import Tombstone
from . import keys
from .container import FileRefused, read_file, write_file
from .kits import certificate_row, iso, schema_revision
from .models import WorkshopKit
from .payload import build_payload, read_payload
from .setup import SYNC_SETTING, kit_keys, laptop

# The models an audit line's target may name by UUID; any other target travels without id.
IDENTIFIED_TARGETS = {
    m.__name__: m for m in (User, Organization, Cohort, Course, Lesson, Quiz, Question, Attempt)
}
# Which table a notice's subject_id points at, by the prefix of its kind.
NOTICE_SUBJECTS = {"cohort.": Cohort, "certificate.": Course}


def _uuids(model) -> dict[int, str]:
    return {i: str(u) for i, u in db.session.execute(select(model.id, model.uuid))}


def notice_subject_model(kind: str):
    return next((m for prefix, m in NOTICE_SUBJECTS.items() if kind.startswith(prefix)), None)


def _accounts(users: dict[int, str], kit_people: set[str]) -> list[dict]:
    codes = defaultdict(list)
    for code in db.session.scalars(select(RecoveryCode).order_by(RecoveryCode.digest)):
        codes[code.user_id].append(code)
    rows = []
    for user in db.session.scalars(select(User).where(User.erasure_started_at.is_(None))):
        uuid = users[user.id]
        if uuid in kit_people:
            used = [
                {"digest": c.digest, "used_at": iso(c.used_at)}
                for c in codes[user.id]
                if c.used_at is not None
            ]
            rows.append(
                {
                    "uuid": uuid,
                    "origin": "kit",
                    "used_recovery_codes": used,
                    "last_sign_in_on": iso(user.last_sign_in_on),
                }
            )
            continue
        rows.append(
            {
                "uuid": uuid,
                "origin": "laptop",
                "username": user.username,
                "display_name": user.display_name,
                "password_hash": user.password_hash,
                "locale": user.locale,
                "created_at": iso(user.created_at),
                "last_sign_in_on": iso(user.last_sign_in_on),
                "recovery_codes": [
                    {
                        "digest": c.digest,
                        "salt": c.salt,
                        "created_at": iso(c.created_at),
                        "used_at": iso(c.used_at),
                    }
                    for c in codes[user.id]
                ],
            }
        )
    return rows


def _attempts(users: dict[int, str], quizzes: dict[int, str]) -> list[dict]:
    questions = _uuids(Question)
    picks = defaultdict(list)
    for pick in db.session.scalars(select(AnswerPick).order_by(AnswerPick.key)):
        picks[pick.response_id].append(pick.key)
    responses = defaultdict(list)
    for r in db.session.scalars(select(Response)):
        responses[r.attempt_id].append(
            {
                "question": questions[r.question_id],
                "answer": r.answer,
                "saved_at": iso(r.saved_at),
                "score": r.score,
                "picks": picks[r.id],
            }
        )
    rows = []
    # In-progress attempts travel once submitted; headers that came in the kit stay there.
    query = select(Attempt).where(Attempt.submitted_at.is_not(None), Attempt.user_id.is_not(None))
    for a in db.session.scalars(query):
        if not a.question_order:
            continue
        rows.append(
            {
                "uuid": str(a.uuid),
                "user": users[a.user_id],
                "quiz": quizzes[a.quiz_id],
                "number": a.number,
                "seed": a.seed,
                "question_order": [questions[q] for q in a.question_order],
                "started_at": iso(a.started_at),
                "deadline_at": iso(a.deadline_at),
                "submitted_at": iso(a.submitted_at),
                "score": a.score,
                "max_score": a.max_score,
                "percent": a.percent,
                "is_passed": a.is_passed,
                "is_timed_out": a.is_timed_out,
                "responses": sorted(responses[a.id], key=lambda r: r["question"]),
            }
        )
    return rows


def snapshot() -> dict[str, list]:
    """Every row that travels back, by identity, sorted: the same state, the same bytes."""
    users, courses, lessons = _uuids(User), _uuids(Course), _uuids(Lesson)
    organizations, quizzes = _uuids(Organization), _uuids(Quiz)
    kit_people = set(laptop()["people"])
    subjects = {m: _uuids(m) for m in set(NOTICE_SUBJECTS.values())}
    targets = {name: _uuids(m) for name, m in IDENTIFIED_TARGETS.items()}
    entries = {
        "accounts.jsonl": _accounts(users, kit_people),
        "memberships.jsonl": [
            {
                "user": users[m.user_id],
                "organization": organizations.get(m.organization_id),
                "joined_at": iso(m.joined_at),
            }
            for m in db.session.scalars(select(CohortParticipant))
        ],
        "enrolments.jsonl": [
            {
                "user": users[e.user_id],
                "course": courses[e.course_id],
                "enrolled_at": iso(e.enrolled_at),
            }
            for e in db.session.scalars(select(Enrolment))
        ],
        "lesson_progress.jsonl": [
            {
                "user": users[p.user_id],
                "lesson": lessons[p.lesson_id],
                "completed_at": iso(p.completed_at),
            }
            for p in db.session.scalars(select(LessonProgress))
        ],
        "attempts.jsonl": _attempts(users, quizzes),
        "certificates.jsonl": [
            certificate_row(c, users[c.user_id], courses[c.course_id])
            for c in db.session.scalars(select(Certificate))
        ],
        "notices.jsonl": [
            {
                "uuid": str(n.uuid),
                "user": users[n.user_id],
                "kind": n.kind,
                "subject": (
                    subjects[model].get(n.subject_id)
                    if (model := notice_subject_model(n.kind))
                    else None
                ),
                "details": n.details,
                "created_at": iso(n.created_at),
                "seen_at": iso(n.seen_at),
            }
            for n in db.session.scalars(select(Notice))
        ],
        "audit.jsonl": [
            {
                "uuid": str(e.uuid),
                "actor": users.get(e.actor_id),
                "action": e.action,
                "target_type": e.target_type,
                "target": targets.get(e.target_type, {}).get(e.target_id),
                "created_at": iso(e.created_at),
            }
            for e in db.session.scalars(select(AuditEvent))
        ],
        "tombstones.jsonl": [
            {"kind": t.kind, "key": t.key, "deleted_at": iso(t.deleted_at)}
            for t in db.session.scalars(select(Tombstone))
        ],
    }
    for rows in entries.values():
        rows.sort(key=lambda row: (row.get("uuid") or "", row.get("user") or "", repr(row)))
    return entries


def build_results() -> tuple[bytes, int, bool]:
    """(file, seq, changed): a new seq only when the snapshot differs from the last one
    (the caller commits the new seq before writing the file)."""
    workshop = laptop()
    if workshop is None:
        raise FileRefused(_l("This is not a workshop laptop: there are no results to export."))
    secrets = kit_keys()
    entries = snapshot()
    manifest = {"kit": workshop["kit"], "device": workshop["device"]}
    payload = build_payload(entries, manifest)
    digest = hashlib.sha256(payload).hexdigest()
    state = get_setting(SYNC_SETTING) or {"seq": 0, "last_payload_sha256": None}
    changed = digest != state.get("last_payload_sha256")
    seq = state["seq"] + 1 if changed or not state["seq"] else state["seq"]
    if seq != state["seq"]:
        set_setting(SYNC_SETTING, {**state, "seq": seq, "last_payload_sha256": digest})
    header = {
        "kit": workshop["kit"],
        "device": workshop["device"],
        "seq": seq,
        "created_at": iso(utcnow()),
        "payload_sha256": digest,
        "schema": schema_revision(),
    }
    data = write_file(
        "results",
        header,
        payload,
        base64.b64decode(secrets["results_key"]),
        keys.load_private(secrets["kit_key"]),
    )
    return data, seq, changed


def open_results(data: bytes) -> tuple[dict, dict, WorkshopKit]:
    """(header, entries, kit) of a results file this server can accept, or FileRefused:
    unknown kit, closed kit, bad signature, altered or truncated file."""
    found: dict = {}

    def verify_key(header: dict):
        try:
            kit_uuid = UUID(str(header.get("kit")))
        except ValueError:
            raise FileRefused(_l("This server did not issue this kit.")) from None
        kit = db.session.scalar(select(WorkshopKit).where(WorkshopKit.uuid == kit_uuid))
        secret = keys.workshop_secret()
        if kit is None or secret is None:
            raise FileRefused(_l("This server did not issue this kit."))
        if kit.status != "open":
            raise FileRefused(_l("This kit is closed: its results are no longer accepted."))
        found["kit"], found["secret"] = kit, secret
        return keys.load_public(kit.public_key)

    header, payload = read_file(
        data,
        "results",
        verify_key=verify_key,
        decrypt_key=lambda h: keys.results_key(found["secret"], found["kit"].uuid),
    )
    if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
        raise FileRefused(_l("The file's contents are damaged."))
    manifest, entries = read_payload(payload)
    if manifest.get("kit") != header["kit"] or manifest.get("device") != header.get("device"):
        raise FileRefused(_l("The file's contents are damaged."))
    return header, entries, found["kit"]
