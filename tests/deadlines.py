"""A backstop for tests of work that must stay small: a block that runs away fails the
test at once instead of hanging the suite (the real bound is asserted otherwise, on sizes
or counts, since a shared machine's clock says little)."""

import signal
from contextlib import contextmanager

import pytest


@contextmanager
def deadline(seconds: float):
    """Fail the test if the block has used ``seconds`` of processor time (main thread only).

    Processor time, not the clock: under a load of 16 on two cores, ten seconds of the
    clock passed before a quick parse finished, and the alarm failed a correct test."""

    def expire(signum, frame):
        pytest.fail(f"still running after {seconds} s of processor time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
