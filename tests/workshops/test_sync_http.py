"""``flask workshop sync URL``: the same results, sent over HTTP to the central server on
loopback, merged by the same rules; sent again, nothing changes; refused with its reason."""

import json
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

from werkzeug.serving import make_server

from tamkeen.accounts.models import User
from tamkeen.learning.models import Course

from ..factories import Factory
from .sync import counts, get, lessons, the_quiz, travelling


@contextmanager
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join()


def test_sync_over_http_brings_everything_back_once(workshop, laptop):
    make = Factory(laptop)
    newcomer = make.user("dalia")
    for person in ("amal", "badr"):
        make.complete(get(laptop, User, username=person), lessons(laptop)[2])
        make.attempt(get(laptop, User, username=person), the_quiz(laptop))
    make.enrol(newcomer, get(laptop, Course))
    there = travelling(laptop)
    # `make run` asks this before importing the bundled courses (never on a laptop).
    assert workshop.cli(laptop, "status", "--quiet").exit_code == 0
    assert workshop.cli(workshop.central, "status", "--quiet").exit_code == 1
    with served(workshop.central) as url:
        result = workshop.cli(laptop, "sync", url)
        assert result.exit_code == 0, result.output
        assert "People: 5 (1 new accounts)" in result.output
        assert "Quiz attempts: 2 new" in result.output
        tables = counts(workshop.central)
        again = workshop.cli(laptop, "sync", url + "/")
        assert again.exit_code == 0 and "already imported" in again.output
        assert counts(workshop.central) == tables
        # A file the central server refuses: its sentence comes back, nothing is written.
        post = urllib.request.Request(
            f"{url}/workshop/api/1/results", method="POST", data=workshop.kit.read_bytes()
        )
        try:
            urllib.request.urlopen(post, timeout=30)  # noqa: S310
            raise AssertionError("a kit was accepted as results")
        except urllib.error.HTTPError as refusal:
            assert refusal.code == 422
            assert json.loads(refusal.read()) == {
                "error": "This is a workshop kit, not a results file."
            }
        assert counts(workshop.central) == tables
    here = travelling(workshop.central)
    for table, rows in there.items():
        assert len(here[table]) == len(set(here[table])), table
        if table != "memberships":
            assert set(rows) <= set(here[table]), table
    # The central server unreachable: said so, nothing lost (the next run sends it all).
    result = workshop.cli(laptop, "sync", url)
    assert result.exit_code == 1 and "Could not reach" in result.output
