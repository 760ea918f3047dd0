"""Benchmark: signed-in pages against the anonymous lesson page, under a real gunicorn (issue 17).

Seeds a demo cohort (``flask demo seed``'s code: ``--participants`` × 5 courses), a trainee
enrolled in its courses with a quiz attempt open, and the cohort's organizer (with the second
sign-in step staff have). Starts gunicorn as ``make run`` does (tools/gunicorn.conf.py: one
worker of eight threads), signs the two in through the app, then drives each page with
``wrk`` (Debian package ``wrk``) at 10 and 50 connections, sending the session cookie and
``Accept-Encoding: gzip, br`` as a browser does. Prints requests per second, p50 and p99,
errors and timeouts, and each page's ratio to the anonymous lesson page of the same run;
at the end the same as a markdown table for bench/signed_in_results.md, each row checked
against the issue's target. Also the server's CPU time per request served (gunicorn's
processes, from /proc) and its ratio: on a machine shared with other work, req/s follow the
neighbours' load, the CPU a request costs much less. The session cookie is signed again
before each page's run, as a browser's is once a minute (accounts/session.py).

    .venv/bin/python bench/signed_in_pages.py [--seconds 10] [--participants 100]
        [--connections 10 50] [--database-url URL] [--only PAGE ...]
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from quiz_data import ROOT, bench_app, database_url
from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.accounts.passwords import hash_password
from tamkeen.accounts.services import register_user
from tamkeen.cohorts.demo import seed_cohort
from tamkeen.cohorts.models import CohortCourse, CohortOrganizer
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course, Lesson
from tamkeen.quizzes.models import Quiz
from tests.conftest import Auth
from tests.factories import TOTP_SECRET

PASSWORD = "a long enough passphrase"
SECRET = "bench-secret"


def seed(app, participants: int) -> dict:
    """The pages to measure, and who signs in for them."""
    with app.app_context():
        cohort = seed_cohort(participants, 5, 2026, step=lambda _n: None)
        organizer = db.session.scalar(
            select(User)
            .join(CohortOrganizer, CohortOrganizer.user_id == User.id)
            .where(CohortOrganizer.cohort_id == cohort.id)
        )
        organizer.password_hash = hash_password(PASSWORD)
        organizer.totp_secret, organizer.totp_enabled_at = TOTP_SECRET, utcnow()
        trainee = register_user("bench-trainee", PASSWORD)
        courses = db.session.scalars(
            select(Course)
            .join(CohortCourse, CohortCourse.course_id == Course.id)
            .where(CohortCourse.cohort_id == cohort.id)
            .order_by(Course.id)
        ).all()
        for course in courses:
            learning.enrol(trainee, course)
        course = courses[0]
        lesson = db.session.scalar(
            select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.id)
        )
        quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
        db.session.commit()
        return {
            "cohort": cohort.id,
            "organizer": organizer.username,
            "course": course.id,
            "lesson": lesson.id,
            "quiz": quiz.id,
        }


def cookie_of(app, username: str, then=None) -> tuple[str, str | None]:
    """A signed-in session's cookie header (and what ``then`` returns, run signed in)."""
    client = app.test_client()
    Auth(client).login(username, PASSWORD)
    result = then(client) if then else None
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return f"{cookie.key}={cookie.value}", result


def signed_now(app, cookie: str | None) -> str | None:
    """The same session cookie signed again now. A browser gets its cookie signed again at
    most once a minute (accounts/session.py); wrk keeps the one it was given, which after a
    minute would be signed again on every response. Called before each page's run."""
    if cookie is None:
        return None
    name, _, value = cookie.partition("=")
    serializer = app.session_interface.get_signing_serializer(app)
    return f"{name}={serializer.dumps(serializer.loads(value))}"


def open_attempt(ids: dict):
    def start(client) -> str:
        response = client.post_form(f"/courses/{ids['course']}/quizzes/{ids['quiz']}/start", {})
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    return start


def gunicorn(url: str, folder: Path, port: int, log) -> subprocess.Popen:
    env = dict(
        os.environ,
        TAMKEEN_DATABASE_URL=url,
        TAMKEEN_DATA_DIR=str(folder),
        TAMKEEN_SECRET_KEY=SECRET,
        TAMKEEN_DEFAULT_LOCALE="en",
    )
    for name in ("TAMKEEN_RATELIMIT_STORAGE_URI", "TAMKEEN_RATELIMIT_ENABLED", "WEB_CONCURRENCY"):
        env.pop(name, None)  # make run's defaults
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--config",
        "tools/gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def wait_for(port: int) -> None:
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, connections: int, seconds: int, cookie: str | None) -> dict:
    headers = ["-H", "Accept-Encoding: gzip, br"]
    if cookie:
        headers += ["-H", f"Cookie: {cookie}"]
    threads = min(2, connections)
    command = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    output = subprocess.run(
        [*command, "--timeout", "10s", *headers, url], capture_output=True, text=True, check=True
    ).stdout
    socket_errors = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
    errors = re.search(socket_errors, output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "timeouts": int(errors.group(4)) if errors else 0,
        "errors": (sum(int(n) for n in errors.groups()[:3]) if errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def markdown(rows: list, seconds: int, before: tuple, after: tuple) -> str:
    """The run as a table for bench/signed_in_results.md, each row checked against the
    issue's target: ≥ 0.7 × the lesson's req/s, no timeouts, p99 ≤ 4 × the lesson's."""
    lines = [
        f"\nwrk, {seconds} s a page, load average {before[0]:.1f} before, "
        f"{after[0]:.1f} after (1-minute; 5-minute {before[1]:.1f} → {after[1]:.1f})\n",
        "| page | connections | req/s | ÷ lesson | p50 ms | p99 ms | p99 ÷ lesson's "
        "| errors | timeouts | target | server CPU ms/request | lesson's ÷ page's |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for page, connections, result, lesson in rows:
        ratio, p99 = result["rps"] / lesson["rps"], result["p99"] / lesson["p99"]
        met = ratio >= 0.7 and p99 <= 4 and not result["timeouts"] and not result["errors"]
        lines.append(
            f"| {page} | {connections} | {result['rps']:.1f} | {ratio:.2f} | {result['p50']:.0f} "
            f"| {result['p99']:.0f} | {p99:.2f} | {result['errors']} | {result['timeouts']} "
            f"| {'—' if result is lesson else ('met' if met else 'not met')} "
            f"| {result['cpu_ms']:.2f} | {lesson['cpu_ms'] / result['cpu_ms']:.2f} |"
        )
    return "\n".join(lines)


def server_cpu(server: subprocess.Popen) -> float:
    """CPU seconds used so far by gunicorn's master and workers (Linux /proc): per request
    served, what a page costs the server whatever the neighbours' load, unlike req/s."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pids, seen = [server.pid], set()
    while pids:
        pid = pids.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            for task in Path(f"/proc/{pid}/task").iterdir():
                pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--connections", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--database-url")
    parser.add_argument("--only", nargs="*", help="page names to measure (besides the lesson)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = database_url(args.database_url, folder)
        app = bench_app(url, folder)
        app.config["SECRET_KEY"] = SECRET
        ids = seed(app, args.participants)
        trainee, question = cookie_of(app, "bench-trainee", open_attempt(ids))
        organizer, _ = cookie_of(app, ids["organizer"])
        with app.app_context():
            db.engine.dispose()
        course, cohort = ids["course"], ids["cohort"]
        pages = {
            "lesson (anonymous)": (f"/courses/{course}/lessons/{ids['lesson']}", None),
            "/learning": ("/learning", trainee),
            "course page": (f"/courses/{course}", trainee),
            "quiz question": (question, trainee),
            "dashboard": (f"/cohorts/{cohort}", organizer),
            "participants table": (f"/cohorts/{cohort}/participants", organizer),
        }
        if args.only:
            pages = {k: v for i, (k, v) in enumerate(pages.items()) if i == 0 or k in args.only}
        port = 20000 + os.getpid() % 20000
        with open(folder / "gunicorn.log", "w") as log:
            server = gunicorn(url, folder, port, log)
            try:
                wait_for(port)
                base = f"http://127.0.0.1:{port}"
                for path, cookie in pages.values():  # warm up, and check each page answers
                    wrk(base + path, 2, 2, cookie)
                before = os.getloadavg()
                print(f"load average before: {before}")
                rows = []
                for connections in args.connections:
                    print(f"\n{connections} connections, {args.seconds} s each")
                    print(f"{'page':<20} {'req/s':>7} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} "
                          f"{'p99/x':>6} {'errors':>6} {'timeouts':>8} {'cpu ms':>7} "
                          f"{'ratio':>6}")  # fmt: skip
                    lesson = None
                    for page, (path, cookie) in pages.items():
                        cookie = signed_now(app, cookie)
                        used = server_cpu(server)
                        result = wrk(base + path, connections, args.seconds, cookie)
                        used = server_cpu(server) - used
                        result["cpu_ms"] = 1000 * used / max(result["requests"], 1)
                        lesson = lesson or result
                        rows.append((page, connections, result, lesson))
                        print(f"{page:<20} {result['rps']:7.1f} "
                              f"{result['rps'] / lesson['rps']:6.2f} {result['p50']:8.1f} "
                              f"{result['p99']:8.1f} {result['p99'] / lesson['p99']:6.2f} "
                              f"{result['errors']:6d} {result['timeouts']:8d} "
                              f"{result['cpu_ms']:7.2f} "
                              f"{lesson['cpu_ms'] / result['cpu_ms']:6.2f}")  # fmt: skip
                after = os.getloadavg()
                print(f"\nload average after: {after}")
                print(markdown(rows, args.seconds, before, after))
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(60)


if __name__ == "__main__":
    main()
