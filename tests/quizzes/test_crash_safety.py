"""Crash safety: a server process killed with SIGKILL while a trainee saves answers or
submits leaves no half-written attempt, and the database stays sound.

A real gunicorn (tools/gunicorn.conf.py, one worker) serves the test database. A trainee's
client starts an attempt, saves every answer and submits, over and over. The test waits
until a save or a submission is on the wire, then kills the worker a few milliseconds later,
``KILLS`` times (the issue asks for 200 on each database; gunicorn's master forks a new
worker from the preloaded app). Then: the site recovers (an attempt is submitted after the
last kill), most kills cut a request the trainee was waiting for, every submitted attempt is
fully graded (score, percent, a scored response per question), no unsubmitted one has a
score, no question is answered twice in an attempt, and SQLite's integrity check passes.
"""

import http.client
import os
import random
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import func, select, text

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db
from tamkeen.quizzes.models import Attempt, Response

from ..factories import EVERY_KIND, PASSWORD
from ..http_visitor import Visitor, first_answers, token

KILLS = int(os.environ.get("TAMKEEN_CRASH_KILLS", "200"))
# A killed worker shows as a reset connection, a response cut short (IncompleteRead, which
# is not an OSError) or a half page without its form.
CUT = (OSError, urllib.error.URLError, http.client.HTTPException, AttributeError)


class Trainee:
    """Takes attempts until stopped; says when a save or a submission is on the wire,
    counts the ones a kill cut short and sends those again."""

    def __init__(self, base: str, course_id: int, quiz_id: int, questions: int):
        self.base, self.questions = base, questions
        self.quiz = f"/courses/{course_id}/quizzes/{quiz_id}"
        self.stop = threading.Event()
        self.writing = {"save": threading.Event(), "submit": threading.Event()}
        self.cut = {"save": 0, "submit": 0}
        self.errors: list[str] = []

    def write(self, visitor: Visitor, kind: str, path: str, fields) -> None:
        """Send a save or a submission until it gets an answer, as a phone on a bad
        network would: a write sent twice must not count twice."""
        while not self.stop.is_set():
            self.writing[kind].set()
            try:
                visitor.post(path, fields)
                return
            except CUT as error:
                self.cut[kind] += 1
                self.errors.append(repr(error)[:200])
            finally:
                self.writing[kind].clear()

    def run(self) -> None:
        visitor = None
        while not self.stop.is_set():
            try:
                visitor = visitor or self.signed_in()
                self.attempt(visitor)
            except CUT as error:  # the session survives the worker: carry on with it
                self.errors.append(repr(error)[:200])

    def signed_in(self) -> Visitor:
        visitor = Visitor(self.base, timeout=10)
        page = visitor.get("/sign-in")
        fields = {"csrf_token": token(page), "username": "amal", "password": PASSWORD}
        _status, url = visitor.post("/sign-in", fields)
        if url.endswith("/sign-in") or not url:  # the worker died before signing in
            raise ConnectionError("not signed in")
        return visitor

    def attempt(self, visitor: Visitor) -> None:
        page = visitor.get(self.quiz)
        _status, url = visitor.post(f"{self.quiz}/start", {"csrf_token": token(page)})
        attempt = url.removeprefix(self.base).split("/questions/")[0]
        for number in range(1, self.questions + 1):
            page = visitor.get(f"{attempt}/questions/{number}")
            fields = [("csrf_token", token(page)), ("go", "next"), *first_answers(page)]
            self.write(visitor, "save", f"{attempt}/questions/{number}", fields)
        page = visitor.get(f"{attempt}/summary")
        self.write(visitor, "submit", f"{attempt}/submit", {"csrf_token": token(page)})


def start_server(url: str, folder: Path, log) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, TAMKEEN_DATABASE_URL=url, TAMKEEN_SECRET_KEY="crash-test-secret",
               TAMKEEN_DATA_DIR=str(folder), TAMKEEN_RATELIMIT_ENABLED="0",
               TAMKEEN_DEFAULT_LOCALE="en", TAMKEEN_ARGON2_TIME_COST="1",
               TAMKEEN_ARGON2_MEMORY_KIB="1024")  # fmt: skip
    command = [str(PROJECT_ROOT / ".venv/bin/gunicorn"), "--config", "tools/gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", "--workers", "1", "tamkeen:create_app()"]  # fmt: skip
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not start")


def wait_until_serving(base: str) -> None:
    for _ in range(1500):
        try:
            with urllib.request.urlopen(base + "/static/favicon.svg", timeout=2):
                return
        except OSError:
            time.sleep(0.02)
    raise AssertionError("the server stopped answering")


def submitted(app) -> int:
    with app.app_context():
        count = select(func.count(Attempt.id)).where(Attempt.submitted_at.is_not(None))
        number = db.session.scalar(count)
        db.session.remove()
        return number


def workers_of(master: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            found.append(int(stat.parent.name))
    return found


def test_killed_workers_leave_no_half_written_attempt(app, make, tmp_path):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, questions=EVERY_KIND[:3])  # short: a kill per submission too
    make.enrol(make.user("amal"), course)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    log = (tmp_path / "server.log").open("w")
    server, base = start_server(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, log)
    trainee = Trainee(base, course.id, quiz.id, len(quiz.questions))
    thread = threading.Thread(target=trainee.run)
    thread.start()
    chance = random.Random(8)
    kills = 0
    try:
        deadline = time.monotonic() + 600
        while kills < KILLS and time.monotonic() < deadline:
            wait_until_serving(base)  # the master has forked a new worker
            # Submissions are one write in six here: aim a third of the kills at them.
            kind = "submit" if chance.random() < 0.34 else "save"
            if not trainee.writing[kind].wait(10):
                continue
            time.sleep(chance.uniform(0, 0.01))
            for worker in workers_of(server.pid):
                os.kill(worker, signal.SIGKILL)
                kills += 1
        # The site recovers: an attempt is submitted after the last kill.
        wait_until_serving(base)
        after_kills = submitted(app)
        while submitted(app) == after_kills and time.monotonic() < deadline + 60:
            time.sleep(0.2)
    finally:
        trainee.stop.set()
        thread.join(30)
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        log.close()
    assert kills == KILLS
    assert submitted(app) > after_kills, f"nothing submitted after the kills: {trainee.errors[:5]}"
    cut = trainee.cut["save"] + trainee.cut["submit"]
    assert cut >= KILLS // 2, f"only {trainee.cut} of {KILLS} kills cut a write in flight"

    with app.app_context():
        attempts = list(db.session.scalars(select(Attempt)))
        for attempt in attempts:
            responses = list(
                db.session.scalars(select(Response).where(Response.attempt_id == attempt.id))
            )
            questions = {r.question_id for r in responses}
            assert len(questions) == len(responses), f"attempt {attempt.id}: a question twice"
            if attempt.submitted_at is None:
                assert attempt.score is None, f"attempt {attempt.id}: scored, not submitted"
            else:
                assert attempt.score is not None and attempt.percent is not None
                assert len(responses) == len(quiz.questions), f"attempt {attempt.id}"
                assert all(r.score is not None for r in responses), f"attempt {attempt.id}"
        closed = sum(1 for a in attempts if a.submitted_at)
        print(f"{kills} kills, writes cut {trainee.cut}: {closed} attempts submitted, "
              f"{len(attempts) - closed} left open")  # fmt: skip
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert db.session.scalar(select(func.count(Attempt.id))) == len(attempts)
