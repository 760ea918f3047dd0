"""A backstop for tests of work that must stay small: a block that runs away fails the
test at once instead of hanging the suite (the real bound is asserted otherwise, on sizes
or counts, since a shared machine's clock says little)."""

import signal
from contextlib import contextmanager

import pytest


@contextmanager
def deadline(seconds: float):
    """Fail the test if the block still runs after ``seconds`` (main thread only)."""

    def expire(signum, frame):
        pytest.fail(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
