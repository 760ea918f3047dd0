"""bandit finds nothing in the shipped code; each exception is justified where it is made
(``# nosec <test>`` with its reason; ruff's S rules, on in pyproject.toml, agree)."""

import subprocess
import sys
from pathlib import Path

from tamkeen import PROJECT_ROOT


def test_bandit_is_clean():
    bandit = Path(sys.executable).parent / "bandit"
    result = subprocess.run(
        [str(bandit), "-q", "-r", "platform/tamkeen", "config.py", "tools", "-f", "txt"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
