"""Benchmark: 20 trainees saving answers at the same time, against a real server.

Starts gunicorn (tools/gunicorn.conf.py with rate limits off: 2 workers × 4 threads;
``GUNICORN_CMD_ARGS="--workers 1 --threads 8"`` gives make run's layout) on SQLite or PostgreSQL,
signs in 20 trainees from 20 processes, and has each save ``--saves`` answers as fast as it
can (the request quiz.js sends on every change). Counts the responses that were not
"saved" and the "database is locked" errors in the server's log.

    .venv/bin/python bench/quiz_concurrency.py [--trainees 20] [--saves 50] [--database-url URL]
"""

import argparse
import multiprocessing
import os
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from quiz_data import ROOT, bench_app, database_url, make_quiz

from tamkeen.accounts.services import register_user
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course
from tamkeen.quizzes.models import Quiz
from tests.http_visitor import Visitor, first_answers, token

PASSWORD = "a long enough passphrase"


def trainee_process(base, username, saves, barrier, results) -> None:
    trainee = Visitor(base)
    page = trainee.get("/sign-in")
    trainee.post(
        "/sign-in", {"csrf_token": token(page), "username": username, "password": PASSWORD}
    )
    page = trainee.get("/courses/1/quizzes/1")
    _status, url = trainee.post("/courses/1/quizzes/1/start", {"csrf_token": token(page)})
    attempt = url.split("/questions/")[0].removeprefix(base)
    answers = {}
    for number in range(1, 21):
        page = trainee.get(f"{attempt}/questions/{number}")
        answers[number] = [("csrf_token", token(page)), ("autosave", "1"), *first_answers(page)]
    barrier.wait()
    timings, statuses = [], []
    for n in range(saves):
        number = n % 20 + 1
        started = time.perf_counter()
        status, _ = trainee.post(f"{attempt}/questions/{number}", answers[number])
        timings.append(time.perf_counter() - started)
        statuses.append(status)
    results.put((timings, statuses))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, folder: Path, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, TAMKEEN_DATABASE_URL=url, TAMKEEN_SECRET_KEY="bench-secret",
               TAMKEEN_DATA_DIR=str(folder), TAMKEEN_RATELIMIT_ENABLED="0",
               TAMKEEN_DEFAULT_LOCALE="en")  # fmt: skip
    command = [str(ROOT / ".venv/bin/gunicorn"), "--config", "tools/gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", "tamkeen:create_app()"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"the server did not start; see {log}")


def prepare(url: str, folder: Path, trainees: int) -> None:
    app = bench_app(url, folder)
    make_quiz(app)
    with app.app_context():
        course = db.session.get(Course, db.session.get(Quiz, 1).course_id)
        for n in range(trainees):
            learning.enrol(register_user(f"trainee{n}", PASSWORD), course)
        db.session.commit()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = database_url(args.database_url, folder)
        prepare(url, folder, args.trainees)
        port, log = free_port(), folder / "server.log"
        server = start_server(url, folder, port, log)
        try:
            barrier, results = multiprocessing.Barrier(args.trainees + 1), multiprocessing.Queue()
            base = f"http://127.0.0.1:{port}"
            processes = [
                multiprocessing.Process(
                    target=trainee_process, args=(base, f"trainee{n}", args.saves, barrier, results)
                )
                for n in range(args.trainees)
            ]
            for process in processes:
                process.start()
            barrier.wait()
            started = time.perf_counter()
            collected = [results.get(timeout=600) for _ in processes]
            elapsed = time.perf_counter() - started
            for process in processes:
                process.join()
        finally:
            server.terminate()
            server.wait()
        timings = sorted(1000 * t for batch, _ in collected for t in batch)
        statuses = [s for _, batch in collected for s in batch]
        locked = log.read_text().count("database is locked")
        print(f"database: {url.split(':')[0]}; {args.trainees} trainees × {args.saves} saves")
        print(f"{len(statuses)} saves in {elapsed:.1f} s ({len(statuses) / elapsed:.0f}/s); "
              f"saved (204): {statuses.count(204)}, other: {len(statuses) - statuses.count(204)}; "
              f'"database is locked" in the server log: {locked}')  # fmt: skip
        print(
            f"latency: median {statistics.median(timings):.0f} ms, "
            f"p95 {timings[int(0.95 * len(timings))]:.0f} ms, max {timings[-1]:.0f} ms"
        )


if __name__ == "__main__":
    main()
