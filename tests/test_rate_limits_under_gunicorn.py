"""The documented rate limits hold under a real gunicorn started as `make run` starts it.

The default limiter store (``memory://``) lives in a server process: with two worker
processes each kept its own count, and a limit of 10 sign-ins a minute let 20 through.
Here gunicorn runs with tools/gunicorn.conf.py and nothing else on its command line, and
sign-in attempts arrive several at a time, as they would from a guessing script.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tamkeen.extensions import db

from .app_servers import gunicorn, stop, wait_for
from .http_visitor import Visitor, token

SIGN_IN_LIMIT = 10  # a minute, per client (accounts/views.py, the README)


def sign_in_attempt(base: str) -> int:
    """A stranger's attempt with a made-up account: the status of the POST."""
    visitor = Visitor(base, timeout=30)
    fields = {"csrf_token": token(visitor.get("/sign-in")), "username": "nobody"}
    status, _url = visitor.post("/sign-in", {**fields, "password": "a guessed passphrase"})
    return status


@pytest.fixture
def database(app) -> str:
    with app.app_context():  # the server, not this process, uses the database now
        db.session.remove()
        db.engine.dispose()
    return app.config["SQLALCHEMY_DATABASE_URI"]


def test_exactly_the_limit_of_sign_ins_gets_through_make_runs_server(database, tmp_path):
    with (tmp_path / "server.log").open("w") as log:
        server, port = gunicorn(database, tmp_path, log)
        try:
            base = wait_for(server, port)
            with ThreadPoolExecutor(6) as pool:  # several at once, to reach every worker
                statuses = list(pool.map(sign_in_attempt, [base] * (3 * SIGN_IN_LIMIT)))
        finally:
            stop(server)
    answered = [status for status in statuses if status != 429]
    assert len(answered) == SIGN_IN_LIMIT, statuses
    assert set(answered) == {422}  # each a refused sign-in, none a server error


def test_gunicorn_refuses_workers_that_would_count_apart(database, tmp_path):
    path = tmp_path / "server.log"
    with path.open("w") as log:
        server, _port = gunicorn(database, tmp_path, log, "--workers", "2")
        try:
            status = server.wait(60)
        finally:
            stop(server)
    assert status != 0
    message = " ".join(path.read_text().split())
    assert "2 workers with the rate-limit store 'memory://' would each count apart" in message
