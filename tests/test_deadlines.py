"""The backstop for work that must stay small (tests/deadlines.py) stops a runaway block."""

import pytest

from .deadlines import deadline


def test_a_block_that_runs_away_fails_the_test():
    with pytest.raises(pytest.fail.Exception, match="processor time"), deadline(0.3):
        while True:
            pass


def test_a_quick_block_passes():
    with deadline(5):
        assert sum(range(1000)) == 499500
