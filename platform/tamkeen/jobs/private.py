"""Results that name people (a cohort's full progress report), made by the queue for the
one person who asked.

The job is known by a random token, not by what it makes: two organizers asking for the
same report get two jobs, each its own. The job records who asked (``owner``) and for what
(``scope``, the cohort); only that person, signed in, is told its state or given its file:
anyone else, the same URL included, is told nothing exists (404). The file waits in the
storage under ``private-results/<token>.<extension>`` until it is downloaded (then it is
deleted at once) or for an hour (``purge_results``, run by ``flask privacy purge``).

Without the queue (``TAMKEEN_JOBS=in-process``, ``make run``) ``start`` makes the result at
once, in the request, and writes what the job's ``meta`` would hold beside it
(``<token>.json``): the same pages and the same rules then apply (a backup made from the
admin page, admin/backup_views.py).
"""

import json
import logging
import re
import secrets
import time
from dataclasses import dataclass

from flask import request
from flask_babel import get_locale

from .. import storage
from ..storage import StoredFile
from . import TASKS
from .queue import FAILURE_TTL_SECONDS, Pending, connection, queued, rq_queue

log = logging.getLogger(__name__)
PREFIX = "private-results"
KEPT_SECONDS = 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Result:
    """A finished private result: its file and the name it downloads under."""

    file: StoredFile
    filename: str


def _job_id(token: str) -> str:
    return f"private-{token}"


def start(
    task: str, arguments: tuple, *, owner: int, scope: int, filename: str, extension: str
) -> str:
    """Queue ``TASKS[task](*arguments, key)``, which must store its file under ``key``; the
    token that names the job."""
    token = secrets.token_urlsafe(24)  # 32 characters of TOKEN
    key = f"{PREFIX}/{token}.{extension}"
    meta = {"owner": owner, "scope": scope, "key": key, "filename": filename}
    if not queued():  # made here and now; its description beside it
        TASKS[task](*arguments, key)
        storage.current().put(_meta_key(token), json.dumps(meta).encode())
        return token
    rq_queue().enqueue(
        "tamkeen.jobs.worker.run",
        args=(task, [*arguments, key], request.host_url, str(get_locale())),
        job_id=_job_id(token),
        meta=meta,
        result_ttl=KEPT_SECONDS,
        failure_ttl=FAILURE_TTL_SECONDS,
        description=task,
    )
    log.info("Queued a private %s.", task)
    return token


def _meta_key(token: str) -> str:
    return f"{PREFIX}/{token}.json"


def _made_here(token: str, owner: int, scope: int) -> Result | None:
    """Without the queue: the result ``start`` made, if it is ``owner``'s and still there."""
    store = storage.current()
    if not TOKEN.fullmatch(token) or not store.exists(_meta_key(token)):
        return None
    meta = json.loads(store.get(_meta_key(token)))
    if meta.get("owner") != owner or meta.get("scope") != scope:
        return None
    if not store.exists(meta["key"]):
        return None
    return Result(StoredFile(store, meta["key"]), meta["filename"])


def _job(token: str, owner: int, scope: int):
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    if not TOKEN.fullmatch(token):
        return None
    try:
        job = Job.fetch(_job_id(token), connection=connection())
    except NoSuchJobError:
        return None
    if job.meta.get("owner") != owner or job.meta.get("scope") != scope:
        return None
    return job


def state(token: str, *, owner: int, scope: int) -> Pending | Result | None:
    """What became of ``owner``'s job ``token``: still to do, its result, or None (no such
    job, another person's, already downloaded or expired)."""
    from rq.job import JobStatus

    if not queued():
        return _made_here(token, owner, scope)
    job = _job(token, owner, scope)
    if job is None:
        return None
    status = job.get_status()
    if status == JobStatus.FINISHED:
        store = storage.current()
        if not store.exists(job.meta["key"]):
            return None
        return Result(StoredFile(store, job.meta["key"]), job.meta["filename"])
    if status == JobStatus.FAILED:
        return Pending(job.id, "failed")
    return Pending(job.id, "started" if status == JobStatus.STARTED else "queued")


def take(token: str, *, owner: int, scope: int) -> tuple[bytes, str] | None:
    """The finished result's bytes and file name, deleted from the storage and the queue
    as they are handed over; None as ``state`` says."""
    found = state(token, owner=owner, scope=scope)
    if not isinstance(found, Result):
        return None
    content = found.file.read_bytes()
    found.file.storage.delete(found.file.key)
    if not queued():
        found.file.storage.delete(_meta_key(token))
        return content, found.filename
    job = _job(token, owner, scope)
    if job is not None:
        job.delete()
    return content, found.filename


def purge_results(older_than_seconds: int = KEPT_SECONDS) -> int:
    """Delete private results not downloaded within the hour; how many went."""
    limit = time.time() - older_than_seconds
    store = storage.current()
    removed = 0
    for entry in list(store.listing(f"{PREFIX}/")):
        if entry.modified < limit:
            store.delete(entry.key)
            removed += 1
    return removed


def store_result(key: str, content: bytes) -> StoredFile:
    """For a task: ``content`` stored under the key ``start`` gave it."""
    if not key.startswith(f"{PREFIX}/"):
        raise ValueError(f"not a private result's key: {key!r}")
    store = storage.current()
    store.put(storage.check_key(key), content)
    return StoredFile(store, key)
