"""Load test (issue 17): 100 trainees and 3 organizers at once against a real server.

Seeds a throwaway database (SQLite, or PostgreSQL with ``--database-url`` or
TAMKEEN_BENCH_DATABASE_URL) with three demo cohorts (``flask demo seed``'s code: 100
participants with uneven progress, attempts and certificates, two courses each, one
organizer each), starts gunicorn with tools/gunicorn.conf.py on 127.0.0.1 (rate limits
off: a hundred people signing in from one address would be refused), and runs Locust
headless with bench/load_locustfile.py for ``--minutes``: trainees sign in, read, mark
lessons complete, take quizzes and download certificates; organizers open dashboards and
participants tables and download reports. The server's memory (its workers and their
children: the PDF layout processes) is sampled every ``--sample`` seconds. Writes p95 per
page, errors, throughput and the memory over time as a Markdown section to
``--out`` (bench/load_results.md by default, appended).

    .venv/bin/python bench/load_test.py [--minutes 10] [--trainees 100] [--organizers 3]
        [--database-url URL] [--label TEXT] [--servers N --caddy]

``--caddy`` (issue 20) puts Caddy (Debian's ``caddy``, plain HTTP on a local port) in front
and starts a Redis of its own (the rate limits' and locks' store, as a deployment of several
servers has it); ``--servers 2`` then runs two gunicorns, the proxy sharing people between
them round robin, on one DATA_DIR (one machine: a shared folder). Run it with
``--servers 1 --caddy`` and ``--servers 2 --caddy`` to compare one server with two, the
proxy and Redis alike in both.

Loopback only and bounded: the server is this script's own, on 127.0.0.1, stopped at the
end; Locust runs for the given minutes and no more (``--minutes`` at most 30).
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pdf_pool import memory
from quiz_data import ROOT, bench_app, database_url
from signed_in_pages import TOTP_SECRET
from sqlalchemy import select, update
from two_servers import caddy
from worker_memory import free_port, wait_for

from tamkeen.accounts.models import User
from tamkeen.accounts.passwords import hash_password
from tamkeen.cohorts.demo import seed_cohort
from tamkeen.cohorts.models import CohortCourse, CohortOrganizer, CohortParticipant
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.learning.models import Lesson
from tamkeen.quizzes.models import Quiz
from tests.app_servers import redis_server, stop

PASSWORD = "a long enough passphrase"


def seed(url: str, folder: Path, trainees: int, organizers: int) -> dict:
    app = bench_app(url, folder)
    people = {"password": PASSWORD, "totp_secret": TOTP_SECRET, "trainees": []}
    people["organizers"], people["courses"] = [], {}
    with app.app_context():
        sizes = [trainees // organizers + (i < trainees % organizers) for i in range(organizers)]
        for number, size in enumerate(sizes):
            cohort = seed_cohort(size, 2, 2026 + number, step=lambda _n: None)
            organizer = db.session.scalar(
                select(User)
                .join(CohortOrganizer, CohortOrganizer.user_id == User.id)
                .where(CohortOrganizer.cohort_id == cohort.id)
            )
            organizer.totp_secret, organizer.totp_enabled_at = TOTP_SECRET, utcnow()
            people["organizers"].append((organizer.username, cohort.id))
            names = db.session.scalars(
                select(User.username)
                .join(CohortParticipant, CohortParticipant.user_id == User.id)
                .where(CohortParticipant.cohort_id == cohort.id)
                .order_by(User.id)
            )
            people["trainees"] += [(name, cohort.id) for name in names]
            courses = db.session.scalars(
                select(CohortCourse.course_id).where(CohortCourse.cohort_id == cohort.id)
            )
            people["courses"][str(cohort.id)] = [
                {
                    "id": course_id,
                    "lessons": list(
                        db.session.scalars(select(Lesson.id).where(Lesson.course_id == course_id))
                    ),
                    "quiz": db.session.scalar(select(Quiz.id).where(Quiz.course_id == course_id)),
                }
                for course_id in courses
            ]
        # Hashed with the server's own argon2 costs (the bench app's are low): otherwise every
        # first sign-in would hash the password again, inside its write transaction.
        app.config.update(ARGON2_TIME_COST=3, ARGON2_MEMORY_COST=65536)
        db.session.execute(update(User).values(password_hash=hash_password(PASSWORD)))
        db.session.commit()
        db.engine.dispose()
    return people


def gunicorn(url: str, folder: Path, port: int, log, **settings: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        TAMKEEN_DATABASE_URL=url,
        TAMKEEN_DATA_DIR=str(folder),
        TAMKEEN_SECRET_KEY="bench-secret",
        TAMKEEN_DEFAULT_LOCALE="en",
        TAMKEEN_RATELIMIT_ENABLED="0",
    )
    for name in ("TAMKEEN_RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY", "TAMKEEN_MAX_REQUESTS",
                 "TAMKEEN_REDIS_URL", "TAMKEEN_PROXY_COUNT", "TAMKEEN_JOBS"):  # fmt: skip
        env.pop(name, None)
    env.update(settings)
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--config",
        "tools/gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def locust(base: str, people: Path, users: int, seconds: int, spawn_rate: float, prefix, log):
    env = dict(os.environ, TAMKEEN_LOAD_PEOPLE=str(people))
    command = [
        str(ROOT / ".venv/bin/locust"),
        "-f",
        str(ROOT / "bench" / "load_locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(prefix),
        "--only-summary",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def report(args, prefix: Path, samples, url: str, started: str, load: tuple) -> str:
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv") as found:
            failures = list(csv.DictReader(found))
    database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    servers = "one app server" if args.servers == 1 else f"{args.servers} app servers"
    if args.caddy:
        servers += " behind Caddy (round robin), with Redis"
    lines = [
        f"## {args.label or database}: {started} UTC, {args.minutes} min",
        "",
        f"{args.trainees} trainees and {args.organizers} organizers (Locust, one process, on "
        f"the same machine as the server, {args.spawn_rate:g} arriving a second), {database}, "
        f"{servers}, each tools/gunicorn.conf.py with rate limits "
        f"off (two workers of four threads), PDFs in their pool. Load average before: "
        f"{load[0]:.1f}, after: {os.getloadavg()[0]:.1f} (`nproc` = {os.cpu_count()}).",
        "",
        "| request | count | errors | median ms | p95 ms | p99 ms | max ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} "
            f"| {float(row['Requests/s']):.1f} |"
        )
    lines += [
        "",
        f"Errors: {sum(int(r['Failure Count']) for r in rows if r['Name'] != 'Aggregated')}.",
    ]
    for failure in failures[:10]:
        what = f"{failure['Method']} {failure['Name']}: {failure['Error']}"
        lines.append(f"- {what} × {failure['Occurrences']}")
    lines += ["", "Server memory (RSS, MiB, every app server's together) over time:", "",
              "| minute | workers | layout processes |", "|---:|---:|---:|"]  # fmt: skip
    for seconds, (workers, below) in samples:
        lines.append(f"| {seconds / 60:.1f} | {workers:.0f} | {below:.0f} |")
    return "\n".join(lines) + "\n"


@contextmanager
def shared_services(args, folder: Path, log):
    """With ``--caddy``: a Redis of its own and a function starting Caddy in front of the
    given ports (both stopped at the end); the app servers' settings. Else nothing."""
    if not args.caddy:
        yield {}, None
        return
    (folder / "redis").mkdir()
    started = []
    with redis_server(folder / "redis") as redis_url:

        def front(ports: list[int]) -> str:
            proxy, port = caddy(folder, "proxy", ports, log)
            started.append(proxy)
            return wait_for(port)

        settings = {"TAMKEEN_REDIS_URL": redis_url, "TAMKEEN_PROXY_COUNT": "1"}
        try:
            yield settings, front
        finally:
            stop(*started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--trainees", type=int, default=100)
    parser.add_argument("--organizers", type=int, default=3)
    parser.add_argument("--sample", type=int, default=15)
    parser.add_argument("--spawn-rate", type=float, default=1, help="people arriving a second")
    parser.add_argument("--database-url")
    parser.add_argument("--label")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load_results.md")
    parser.add_argument("--servers", type=int, default=1, help="app servers (needs --caddy)")
    parser.add_argument("--caddy", action="store_true", help="Caddy and Redis in front")
    parser.add_argument(
        "--max-requests", help="TAMKEEN_MAX_REQUESTS for the servers (default: the config's)"
    )
    args = parser.parse_args()
    if not 0 < args.minutes <= 30:
        parser.error("--minutes: more than 0, at most 30")
    if not 1 <= args.servers <= 4 or (args.servers > 1 and not args.caddy):
        parser.error("--servers: 1 to 4, and more than one only behind --caddy")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = database_url(args.database_url, folder)
        people = seed(url, folder, args.trainees, args.organizers)
        people_file = folder / "people.json"
        people_file.write_text(json.dumps(people))
        load = os.getloadavg()
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
        with (
            open(folder / "server.log", "w") as log,
            open(folder / "locust.log", "w") as out,
            shared_services(args, folder, log) as (settings, front),
        ):
            servers = []
            try:
                ports = []
                if args.max_requests is not None:
                    settings = {**settings, "TAMKEEN_MAX_REQUESTS": args.max_requests}
                for _ in range(args.servers):
                    ports.append(free_port())
                    servers.append(gunicorn(url, folder, ports[-1], log, **settings))
                bases = [wait_for(port) for port in ports]
                base = front(ports) if args.caddy else bases[0]
                users = args.trainees + args.organizers
                seconds = round(args.minutes * 60)
                prefix = folder / "locust"
                run = locust(base, people_file, users, seconds, args.spawn_rate, prefix, out)
                samples, begun = [], time.monotonic()
                while run.poll() is None:
                    each = [memory(server.pid) for server in servers]
                    total = (sum(m[0] for m in each), sum(m[1] for m in each))
                    samples.append((time.monotonic() - begun, total))
                    try:
                        run.wait(args.sample)
                    except subprocess.TimeoutExpired:
                        pass
            finally:
                for server in servers:
                    server.send_signal(signal.SIGTERM)
                for server in servers:
                    server.wait(60)
        print((folder / "locust.log").read_text()[-3000:])
        kept = Path(tempfile.gettempdir()) / f"load-test-{started.replace(' ', '-')}-server.log"
        kept.write_text((folder / "server.log").read_text())
        kept.with_name(kept.name.replace("-server.log", "-locust.log")).write_text(
            (folder / "locust.log").read_text()
        )
        print(f"the server's log: {kept}, Locust's beside it")
        section = report(args, prefix, samples, url, started, load)
    print(section)
    with open(args.out, "a") as results:
        results.write("\n" + section)


if __name__ == "__main__":
    main()
