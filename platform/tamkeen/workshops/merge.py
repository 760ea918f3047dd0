"""``import-results``: a laptop's results merged into the central server by identity
(docs/design/workshop-sync.md, section 6).

1. Read, verify, decrypt and check the whole file, and its scope against the kit, before
   writing anything: a refused file changes nothing.
2. Find or start its line in the journal (``workshop_imports``).
3. Merge people in batches of five (sorted by UUID), one transaction each; a batch records
   its number and its counts with its rows, so an import cut at any point and run again
   skips what was done and ends where an uncut one would. Importing the same file again
   changes nothing.
4. The audit lines, then the journal's line is done.
"""

import re
from collections.abc import Callable
from uuid import UUID

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.forms import USERNAME_PATTERN
from ..accounts.models import User
from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from ..learning import summaries
from ..learning.models import Course, Lesson
from ..quizzes.models import Question, Quiz
from ..tombstones import Tombstone
from .container import FileRefused
from .merge_activity import merge_audit
from .merge_people import Context, merge_person
from .models import (
    WorkshopAccount,
    WorkshopImport,
    WorkshopKit,
    WorkshopKitCourse,
    WorkshopKitMember,
)
from .results import open_results

BATCH = 5
_ARGON2 = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")
MAX_NEW_ACCOUNTS = 2000
PERSON_ENTRIES = (
    "memberships.jsonl",
    "enrolments.jsonl",
    "lesson_progress.jsonl",
    "attempts.jsonl",
    "certificates.jsonl",
    "notices.jsonl",
)


def _sane_hash(value: object) -> bool:
    """An argon2id hash with bounded costs (a crafted one could make a sign-in cost minutes),
    or a marker without '$' (no password yet)."""
    if not isinstance(value, str) or len(value) > 255:
        return False
    if not value.startswith("$"):
        return True
    found = _ARGON2.match(value)
    return bool(found) and (
        int(found[1]) <= 1024 * 1024 and int(found[2]) <= 10 and int(found[3]) <= 8
    )


def _fits(account: dict) -> bool:
    """A laptop account's texts fit their columns (username 40, display name 80), and its
    username is one the registration form accepts (letters, digits, . - _), as every
    page that prints a username may rely on."""
    limits = {"username": 40, "display_name": 80, "locale": 8}
    return (
        isinstance(account.get("username"), str)
        and re.fullmatch(USERNAME_PATTERN, account["username"]) is not None
        and all(
            account.get(key) is None or (isinstance(account[key], str) and len(account[key]) <= n)
            for key, n in limits.items()
        )
    )


def _content(kit: WorkshopKit) -> dict[str, dict[str, tuple[int, int]]]:
    """uuid -> (id, course id) for every course, lesson, quiz and question of the kit's
    courses (retired questions included)."""
    course_ids = select(WorkshopKitCourse.course_id).where(WorkshopKitCourse.kit_id == kit.id)
    return {
        "course": {
            str(u): (i, i)
            for i, u in db.session.execute(
                select(Course.id, Course.uuid).where(Course.id.in_(course_ids))
            )
        },
        "lesson": {
            str(u): (i, c)
            for i, u, c in db.session.execute(
                select(Lesson.id, Lesson.uuid, Lesson.course_id).where(
                    Lesson.course_id.in_(course_ids)
                )
            )
        },
        "quiz": {
            str(u): (i, c)
            for i, u, c in db.session.execute(
                select(Quiz.id, Quiz.uuid, Quiz.course_id).where(Quiz.course_id.in_(course_ids))
            )
        },
        "question": {
            str(u): (i, q)
            for i, u, q in db.session.execute(
                select(Question.id, Question.uuid, Question.quiz_id)
                .join(Quiz)
                .where(Quiz.course_id.in_(course_ids))
            )
        },
    }


def _content_uuids(entries: dict) -> dict[str, set[str]]:
    named = {"course": set(), "lesson": set(), "quiz": set(), "question": set()}
    for row in entries["enrolments.jsonl"] + entries["certificates.jsonl"]:
        named["course"].add(row["course"])
    named["lesson"] |= {row["lesson"] for row in entries["lesson_progress.jsonl"]}
    for attempt in entries["attempts.jsonl"]:
        named["quiz"].add(attempt["quiz"])
        named["question"] |= set(attempt["question_order"])
        named["question"] |= {r["question"] for r in attempt["responses"]}
    return named


def _check_scope(entries: dict, kit: WorkshopKit, content: dict) -> Context:
    """Every person and every piece of content the file names is one the kit may touch;
    FileRefused otherwise (the whole file)."""
    outside = _l("This file names people or courses outside its kit: it is refused.")
    members = {
        str(u): i
        for u, i in db.session.execute(
            select(User.uuid, User.id)
            .join(WorkshopKitMember, WorkshopKitMember.user_id == User.id)
            .where(WorkshopKitMember.kit_id == kit.id)
        )
    }
    accounts = {}
    for row in entries["accounts.jsonl"]:
        if not isinstance(row, dict) or row.get("origin") not in ("kit", "laptop"):
            raise FileRefused(_l("The file's contents are damaged."))
        accounts[str(UUID(row["uuid"]))] = row
    named = set(accounts)
    for name in PERSON_ENTRIES:
        named |= {str(UUID(row["user"])) for row in entries[name]}
    stones = {s.key for s in db.session.scalars(select(Tombstone).where(Tombstone.kind == "user"))}
    known = {
        str(u): i
        for u, i in db.session.execute(
            select(User.uuid, User.id).where(User.uuid.in_([UUID(u) for u in named]))
        )
    }
    brought = {
        str(u)
        for (u,) in db.session.execute(
            select(User.uuid)
            .join(WorkshopAccount, WorkshopAccount.user_id == User.id)
            .where(WorkshopAccount.kit_id == kit.id)
        )
    }
    new_accounts = 0
    for uuid in named:
        row = accounts.get(uuid)
        if f"user:{uuid}" in stones or uuid in members:
            continue
        if row is None or row["origin"] != "laptop":
            raise FileRefused(outside)
        if uuid in known and uuid not in brought:
            raise FileRefused(_l("This file claims an account that exists here: it is refused."))
        new_accounts += uuid not in known
        if not _sane_hash(row.get("password_hash")) or not _fits(row):
            raise FileRefused(_l("The file's contents are damaged."))
    if new_accounts > MAX_NEW_ACCOUNTS:
        raise FileRefused(outside)
    for kind, uuids in _content_uuids(entries).items():
        model = {"course": Course, "lesson": Lesson, "quiz": Quiz, "question": Question}[kind]
        strange = set(uuids) - set(content[kind])
        if strange and db.session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.uuid.in_([UUID(u) for u in strange]))
        ):
            raise FileRefused(outside)
    return Context(
        kit=kit, content=content, members=members, known=known, tombstoned=stones, accounts=accounts
    )


def _journal(kit: WorkshopKit, header: dict, *, via: str, by) -> tuple[WorkshopImport, bool]:
    """(journal line, already done); FileRefused for a replayed older file or a copy."""
    device, seq = UUID(str(header["device"])), int(header["seq"])
    rows = db.session.scalars(
        select(WorkshopImport).where(
            WorkshopImport.kit_id == kit.id, WorkshopImport.device == device
        )
    ).all()
    same = next((row for row in rows if row.seq == seq), None)
    if same is not None:
        if same.payload_sha256 != header["payload_sha256"]:
            raise FileRefused(
                _l("Two laptops share one identity: was this laptop's data folder copied?")
            )
        return same, same.state != "merging"
    newest = max((row for row in rows), key=lambda row: row.seq, default=None)
    if newest is not None and newest.seq > seq:
        raise FileRefused(
            _l(
                "These results are older than results #%(seq)s from the same laptop, already "
                "imported: importing them could undo newer work.",
                seq=newest.seq,
            )
        )
    row = WorkshopImport(
        kit_id=kit.id,
        device=device,
        seq=seq,
        via=via,
        payload_sha256=header["payload_sha256"],
        by_id=getattr(by, "id", None),
        batches_done=[],
        summary={},
    )
    db.session.add(row)
    db.session.flush()
    return row, False


def _people_batches(context: Context, entries: dict) -> list[list[str]]:
    people = set(context.accounts)
    for name in PERSON_ENTRIES:
        people |= {str(UUID(row["user"])) for row in entries[name]}
    people |= {key.split(":")[1] for key in context.laptop_stones("user")}
    ordered = sorted(people)
    return [ordered[i : i + BATCH] for i in range(0, len(ordered), BATCH)]


def _add(summary: dict, counts: dict) -> dict:
    merged = dict(summary)
    for key, value in counts.items():
        if isinstance(value, list):
            merged[key] = [*merged.get(key, []), *value]
        else:
            merged[key] = merged.get(key, 0) + value
    return merged


def import_results(data: bytes, *, via: str, by, after_batch: Callable[[], None]) -> WorkshopImport:
    """Merge a results file: (the journal's line, whether it was already imported), or
    FileRefused with nothing written. ``after_batch`` commits (the CLI's and the views' session)."""
    header, entries, kit = open_results(data)
    context = _check_scope(entries, kit, _content(kit))
    context.entries, context.device = entries, str(UUID(str(header["device"])))
    journal, done = _journal(kit, header, via=via, by=by)
    if done:  # the same file again: nothing is touched, not even the journal
        return journal, True
    after_batch()
    batches = _people_batches(context, entries)
    for number, batch in enumerate(batches):
        row = db.session.scalar(
            select(WorkshopImport).where(WorkshopImport.id == journal.id).with_for_update()
        )
        if number in row.batches_done:
            continue
        counts: dict = {}
        merged = [merge_person(context, person, counts) for person in batch]
        summaries.refresh(
            [i for i in merged if i], {c for c, _ in context.content["course"].values()}
        )
        row.summary = _add(row.summary, counts)
        row.batches_done = [*row.batches_done, number]
        db.session.flush()
        after_batch()
    row = db.session.scalar(
        select(WorkshopImport).where(WorkshopImport.id == journal.id).with_for_update()
    )
    if row.state == "merging":
        row.summary = _add(row.summary, merge_audit(context))
        row.state, row.finished_at = "done", utcnow()
        for older in db.session.scalars(
            select(WorkshopImport).where(
                WorkshopImport.kit_id == kit.id,
                WorkshopImport.device == row.device,
                WorkshopImport.seq < row.seq,
                WorkshopImport.state == "merging",
            )
        ):
            older.state = "superseded"
        record_event(by, "workshop.results_imported", kit)
        db.session.flush()
        after_batch()
    return row, False
