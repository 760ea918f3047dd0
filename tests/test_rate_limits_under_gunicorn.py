"""The documented rate limits hold under a real gunicorn started as `make run` starts it.

The default limiter store (``memory://``) lives in a server process: with two worker
processes each kept its own count, and a limit of 10 sign-ins a minute let 20 through.
Here gunicorn runs with tools/gunicorn.conf.py and nothing else on its command line, and
sign-in attempts arrive several at a time, as they would from a guessing script.
"""

import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db

from .http_visitor import Visitor, token

SIGN_IN_LIMIT = 10  # a minute, per client (accounts/views.py, the README)


def gunicorn(url: str, folder: Path, log, *options: str) -> tuple[subprocess.Popen, int]:
    """gunicorn with tools/gunicorn.conf.py, rate limits on, the test database."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, TAMKEEN_DATABASE_URL=url, TAMKEEN_SECRET_KEY="limits-test-secret",
               TAMKEEN_DATA_DIR=str(folder), TAMKEEN_RATELIMIT_ENABLED="1",
               TAMKEEN_DEFAULT_LOCALE="en", TAMKEEN_ARGON2_TIME_COST="1",
               TAMKEEN_ARGON2_MEMORY_KIB="1024")  # fmt: skip
    for name in ("TAMKEEN_RATELIMIT_STORAGE_URI", "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY"):
        env.pop(name, None)  # make run's defaults
    command = [str(PROJECT_ROOT / ".venv/bin/gunicorn"), "--config", "tools/gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", *options, "tamkeen:create_app()"]  # fmt: skip
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    return server, port


def wait_for(server: subprocess.Popen, port: int) -> str:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return f"http://127.0.0.1:{port}"
        except OSError:
            assert server.poll() is None, "the server stopped"
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    server.wait(30)


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
