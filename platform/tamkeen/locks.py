"""Locks that several workers of one server respect: one job at a time per name.

``exclusive(path)`` holds an ``fcntl`` lock on ``path`` (a file beside the work it guards,
under DATA_DIR) for the ``with`` block: another process or thread asking for the same path
waits until it is released. The file is removed when the lock is let go, so locks leave
nothing behind; a waiter then holds a lock on a removed file and a newcomer on a new one,
which is harmless where, as for PDFs, the work checks first whether it is already done.

``single(name, path)`` is the lock for work that several app servers could start at once (a
PDF's layout): with ``TAMKEEN_REDIS_URL`` set it is a Redis lock (redis-py's ``Lock``: a key
with an expiry, released only by its holder), which every server sees; without Redis, or
while Redis does not answer, it is ``exclusive(path)``, which the workers of one machine (or
of machines sharing DATA_DIR) see.
"""

import fcntl
import functools
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from flask import current_app

from .private_files import FILE_MODE, private_folder

log = logging.getLogger(__name__)
# A holder that died frees the lock after this long; a layout takes seconds, a long
# handbook on a loaded server a minute or two.
HELD_AT_MOST_SECONDS = 600
# How long a second server waits for the first one's work before giving up with an error.
WAIT_AT_MOST_SECONDS = 600


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    private_folder(path.parent)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            Path(path).unlink(missing_ok=True)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


@functools.cache
def _redis(url: str) -> redis.Redis:
    """One client (and connection pool) per process; redis-py reconnects after a fork."""
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


@contextmanager
def single(name: str, path: Path) -> Iterator[None]:
    """One holder at a time of the lock ``name`` across every app server (Redis), or of
    ``path`` across this machine's workers (no Redis configured, or Redis down)."""
    url = current_app.config.get("REDIS_URL")
    lock = None
    if url:
        lock = _redis(url).lock(
            f"tamkeen:lock:{name}",
            timeout=HELD_AT_MOST_SECONDS,
            blocking_timeout=WAIT_AT_MOST_SECONDS,
            thread_local=False,
        )
        try:
            if not lock.acquire():
                raise TimeoutError(f"waited {WAIT_AT_MOST_SECONDS} s for the lock {name}")
        except redis.RedisError as error:
            log.warning("locks: Redis is unreachable (%s), locking on disk", type(error).__name__)
            lock = None
    if lock is None:
        with exclusive(path):
            yield
        return
    try:
        yield
    finally:
        try:
            lock.release()
        except redis.RedisError as error:  # expired meanwhile, or Redis went away
            log.warning("locks: could not release %s (%s)", name, type(error).__name__)
