"""Benchmark of the organizers' pages and progress reports at scale (issue 6).

Seeds one demo cohort (``flask demo seed``'s code: N participants × C courses × 10 lessons,
uneven progress, several quiz attempts), signs its organizer in, and times through the app
(test client, no network): the dashboard, the participants table, and the CSV, XLSX and PDF
exports. It also times the one-query floor: the single aggregated SQL query of the report's
rows, written as CSV with nothing else, alternating with the CSV export. Prints medians
(and min, max) over ``--runs`` runs.

    .venv/bin/python bench/reports_bench.py [--participants 10000] [--courses 5] [--runs 5]
        [--pdf-runs 1] [--database-url URL]   # or TAMKEEN_BENCH_DATABASE_URL

Targets (issue 6, 2 cores): dashboard under 300 ms; CSV under 1 s and no more than 1.5 × the
floor measured in the same run; XLSX and PDF: stated.
"""

import argparse
import csv
import io
import statistics
import tempfile
import time
from pathlib import Path

from quiz_data import bench_app, database_url
from sqlalchemy import select, text

from tamkeen.accounts.models import User
from tamkeen.accounts.passwords import hash_password
from tamkeen.cohorts.demo import seed_cohort
from tamkeen.cohorts.models import CohortOrganizer
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.reports import progress
from tests.conftest import Auth
from tests.factories import TOTP_SECRET

PASSWORD = "a long enough passphrase"


def seed(app, participants: int, courses: int) -> tuple[int, str]:
    started = time.perf_counter()
    with app.app_context():
        cohort = seed_cohort(participants, courses, 2026, step=lambda _n: None)
        organizer = db.session.scalar(
            select(User)
            .join(CohortOrganizer, CohortOrganizer.user_id == User.id)
            .where(CohortOrganizer.cohort_id == cohort.id)
        )
        organizer.password_hash = hash_password(PASSWORD)
        # Staff sign in with a second step (issue 8): the organizer gets one, as in the tests.
        organizer.totp_secret, organizer.totp_enabled_at = TOTP_SECRET, utcnow()
        cohort_id, username = cohort.id, organizer.username
        db.session.commit()
        # As autovacuum would soon after a bulk insert: the planner needs the new row counts.
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    print(f"seeded {participants} participants × {courses} courses "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return cohort_id, username


def floor_csv(app, cohort_id: int) -> bytes:
    """The floor: one aggregated query of the report's own rows from the base tables
    (lessons done, attempts: not the stored summaries the reports read), straight into CSV."""
    with app.app_context():
        report = progress.ReportFilter()
        course_ids = [course.id for course in progress.courses(cohort_id, report)]
        grid = progress.participant_course_rows(cohort_id, report, course_ids, live=True).subquery()
        query = select(grid, User.username, User.display_name).join(User, User.id == grid.c.user_id)
        out = io.StringIO()
        writer = csv.writer(out)
        for row in db.session.execute(query):
            writer.writerow(row)
        db.session.rollback()
        return ("\ufeff" + out.getvalue()).encode()


def timed(action, runs: int) -> tuple[list[float], object]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - started)
    return timings, result


def line(name: str, timings: list[float], extra: str = "") -> float:
    median = statistics.median(timings)
    print(f"{name:<18} median {1000 * median:8.0f} ms  (min {1000 * min(timings):.0f}, "
          f"max {1000 * max(timings):.0f}, {len(timings)} runs){extra}")  # fmt: skip
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--courses", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=1)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(args.database_url, Path(folder))
        app = bench_app(url, Path(folder))
        print(f"database: {url.split(':')[0]}")
        cohort_id, username = seed(app, args.participants, args.courses)
        client = app.test_client()
        Auth(client).login(username, PASSWORD)

        def get(path):
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            return response.get_data()

        def export(fmt):
            token = client.csrf_token()
            response = client.post(
                f"/cohorts/{cohort_id}/reports/progress", data={fmt: "1", "csrf_token": token}
            )
            assert response.status_code == 200, response.status_code
            return response.get_data()

        get(f"/cohorts/{cohort_id}")  # warm the templates and the database's caches
        dashboard, _ = timed(lambda: get(f"/cohorts/{cohort_id}"), args.runs)
        line("dashboard", dashboard)
        table, _ = timed(lambda: get(f"/cohorts/{cohort_id}/participants?sort=progress"), args.runs)
        line("table (page 1)", table)
        # The floor and the CSV alternate, so that a neighbour's load falls on both alike;
        # the ratio is the median of each pair's ratio.
        floor, csv_times, ratios, body = [], [], [], b""
        for _run in range(args.runs):
            floor += timed(lambda: floor_csv(app, cohort_id), 1)[0]
            timing, body = timed(lambda: export("csv"), 1)
            csv_times += timing
            ratios.append(csv_times[-1] / floor[-1])
        line("one-query floor", floor)
        line("CSV export", csv_times, f"  {len(body) / 1e6:.1f} MB, "
             f"{statistics.median(ratios):.2f} × the floor (median of pairs)")  # fmt: skip
        xlsx, body = timed(lambda: export("xlsx"), args.runs)
        line("XLSX export", xlsx, f"  {len(body) / 1e6:.1f} MB")
        if args.pdf_runs:
            pdf, body = timed(lambda: export("pdf"), args.pdf_runs)
            line("PDF export", pdf, f"  {len(body) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
