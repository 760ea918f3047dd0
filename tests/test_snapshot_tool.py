"""tools/snapshot_outputs.py: two runs on the same commit write the same tree, byte for byte.

The tool is how a refactoring shows that pages and files did not change (snapshot before,
snapshot after, ``diff -r``), so anything in its output that changes from run to run would
hide a real difference or show a false one. Two of the five roles keep this test short;
the files (course zip, progress reports, GIFT) are written in full.
"""

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from tamkeen import PROJECT_ROOT

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

TOOL = PROJECT_ROOT / "tools" / "snapshot_outputs.py"


def run_tool(out: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(TOOL), str(out), "--roles", "anonymous,trainee"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def differences(comparison: filecmp.dircmp) -> list[str]:
    """Every file that is in one tree only or differs, compared by content."""
    found = [f"only in one: {name}" for name in comparison.left_only + comparison.right_only]
    _same, mismatch, errors = filecmp.cmpfiles(
        comparison.left, comparison.right, comparison.common_files, shallow=False
    )
    found += [f"differs: {Path(comparison.left, name)}" for name in mismatch + errors]
    for sub in comparison.subdirs.values():
        found += differences(sub)
    return found


def test_two_runs_write_identical_trees(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert "Wrote" in run_tool(first)
    run_tool(second)
    files = [path for path in first.rglob("*") if path.is_file()]
    assert len(files) > 50
    assert {path.name for path in (first / "files").iterdir()} >= {
        "course-export",
        "progress.csv",
        "progress.xlsx.txt",
        "progress.pdf.txt",
        "progress-pseudonymised.csv",
        "quiz.gift",
    }
    trainee_index = (first / "trainee" / "index.txt").read_text(encoding="utf-8")
    assert "/courses/1/lessons/1\t200\ttext/html" in trainee_index
    assert differences(filecmp.dircmp(first, second)) == []


def test_csrf_tokens_are_normalised_and_nothing_else(tmp_path):
    sys.path.insert(0, str(TOOL.parent))
    try:
        import snapshot_outputs
    finally:
        sys.path.remove(str(TOOL.parent))
    page = (
        '<input type="hidden" name="csrf_token" value="abc.def">'
        '<input id="issue-csrf_token" name="issue-csrf_token" type="hidden" value="x.y">'
        '<input name="title" value="abc.def">'
    )
    assert snapshot_outputs.normalise_html(page) == (
        '<input type="hidden" name="csrf_token" value="CSRF">'
        '<input id="issue-csrf_token" name="issue-csrf_token" type="hidden" value="CSRF">'
        '<input name="title" value="abc.def">'
    )
