"""Locks that several workers of one server respect: one job at a time per name.

``exclusive(path)`` holds an ``fcntl`` lock on ``path`` (a file beside the work it guards,
under DATA_DIR) for the ``with`` block: another process or thread asking for the same path
waits until it is released. The file is removed when the lock is let go, so locks leave
nothing behind; a waiter then holds a lock on a removed file and a newcomer on a new one,
which is harmless where, as for PDFs, the work checks first whether it is already done.
Servers that do not share DATA_DIR need a lock they share instead (Redis): this one
function is the interface to replace.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .private_files import FILE_MODE, private_folder


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
