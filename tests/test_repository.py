"""The repository itself: no half-finished merge is ever committed."""

import re
import subprocess

from tamkeen import PROJECT_ROOT

MARKER = re.compile(rb"^(<<<<<<< |>>>>>>> |=======$)", re.M)


def test_no_tracked_file_holds_a_merge_conflict_marker():
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    marked = [
        name.decode()
        for name in names
        if name
        and (PROJECT_ROOT / name.decode()).is_file()
        and MARKER.search((PROJECT_ROOT / name.decode()).read_bytes())
    ]
    assert marked == []


def test_the_marker_pattern_finds_a_conflict():
    assert MARKER.search(b"text\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n")
    assert not MARKER.search(b"a heading\n===\nand ======= inside a line\n")
