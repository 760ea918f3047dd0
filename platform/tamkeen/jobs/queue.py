"""The queue: RQ on the Redis of ``TAMKEEN_REDIS_URL``, one queue named ``tamkeen``.

A job is known by what it makes: its id is the task's name and the document's cache key, so
that a document asked for by many people (or on every app server at once) is one job, and a
document already made is never a job at all. The worker lays documents out through the same
functions as a request (``pdf.cached_pdf``), inside a request context built like the asking
request's (its address, its language), so the document it stores is the one the request
would have made, under the same key.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request
from flask_babel import get_locale

from .. import pdf
from ..storage import StoredFile

log = logging.getLogger(__name__)
QUEUE = "tamkeen"
MODES = ("in-process", "queue")
# How long a job may run, and how long its outcome is kept for the progress page to read.
JOB_TIMEOUT_SECONDS = 900
RESULT_TTL_SECONDS = 3600
FAILURE_TTL_SECONDS = 3600


def check_settings(app: Flask) -> None:
    mode = app.config.get("JOBS", "in-process")
    if mode not in MODES:
        raise ValueError(f"TAMKEEN_JOBS must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "queue" and not app.config.get("REDIS_URL"):
        raise ValueError("TAMKEEN_JOBS=queue needs TAMKEEN_REDIS_URL (the queue is in Redis)")


def queued() -> bool:
    """Whether long work goes to the queue (else it runs in the request)."""
    return current_app.config.get("JOBS", "in-process") == "queue"


def connection():
    from ..locks import _redis

    return _redis(current_app.config["REDIS_URL"])


def rq_queue():
    from rq import Queue

    return Queue(QUEUE, connection=connection(), default_timeout=JOB_TIMEOUT_SECONDS)


@dataclass(frozen=True)
class Pending:
    """A document being made by the queue: the job's id and what it is doing."""

    job_id: str
    state: str  # "queued", "started" or "failed"


def job_id(task: str, key: str) -> str:
    return f"{task}-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def made_off_request(
    task: str, *arguments: Any, make: Callable[[], StoredFile], retry: bool = False
) -> StoredFile | Pending:
    """The stored file ``make()`` returns, made here (no queue, or already made) or, when
    it would need laying out, by a job: then what the job is doing. ``retry`` queues a
    failed job again. ``TASKS[task](*arguments)`` must make what ``make()`` makes."""
    if not queued():
        return make()
    try:
        with pdf.only_cached():
            return make()
    except pdf.NotCached as missing:
        return enqueue(task, arguments, missing.key, retry=retry)


def enqueue(task: str, arguments: tuple, key: str, *, retry: bool = False) -> Pending:
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    identifier = job_id(task, key)
    try:
        job = Job.fetch(identifier, connection=connection())
        status = job.get_status()
    except NoSuchJobError:
        job, status = None, None
    if status in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
        return Pending(identifier, "started" if status == JobStatus.STARTED else "queued")
    if status == JobStatus.FAILED and not retry:
        return Pending(identifier, "failed")
    if job is not None:  # failed and retried, or finished but its file since purged
        job.delete()
    rq_queue().enqueue(
        "tamkeen.jobs.worker.run",
        args=(task, list(arguments), request.host_url, str(get_locale())),
        job_id=identifier,
        result_ttl=RESULT_TTL_SECONDS,
        failure_ttl=FAILURE_TTL_SECONDS,
        description=task,
    )
    log.info("Queued %s.", identifier)
    return Pending(identifier, "queued")
