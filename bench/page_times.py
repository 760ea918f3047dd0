"""Benchmark: server time of each signed-in page and the anonymous lesson, in process.

The same pages and people as bench/signed_in_pages.py, timed through the app's test client
(no network, no gunicorn): what Python does per request, which is what issue 17 changed.
Rounds alternate the pages, so that a neighbour's load falls on all of them alike; prints
each page's median and its ratio to the lesson's (a time ratio: the inverse of req/s).

    .venv/bin/python bench/page_times.py [--rounds 15] [--requests 10]
"""

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from quiz_data import bench_app, database_url
from signed_in_pages import PASSWORD, open_attempt, seed

from tests.conftest import Auth

HEADERS = {"Accept-Encoding": "gzip, br"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="cpu: this process's CPU time, which neighbours' load moves far less",
    )
    parser.add_argument(
        "--per-page", type=int, help="also time the participants table at this page size"
    )
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    with tempfile.TemporaryDirectory() as name:
        url = database_url(args.database_url, Path(name))
        app = bench_app(url, Path(name))
        ids = seed(app, args.participants)
        anonymous, trainee, organizer = (app.test_client() for _ in range(3))
        Auth(trainee).login("bench-trainee", PASSWORD)
        Auth(organizer).login(ids["organizer"], PASSWORD)
        course, cohort = ids["course"], ids["cohort"]
        pages = {
            "lesson (anonymous)": (anonymous, f"/courses/{course}/lessons/{ids['lesson']}"),
            "/learning": (trainee, "/learning"),
            "course page": (trainee, f"/courses/{course}"),
            "quiz question": (trainee, open_attempt(ids)(trainee)),
            "dashboard": (organizer, f"/cohorts/{cohort}"),
            "participants table": (organizer, f"/cohorts/{cohort}/participants"),
        }
        if args.per_page:
            pages[f"table of {args.per_page}"] = (organizer, f"/cohorts/{cohort}/participants")
        timings = {page: [] for page in pages}
        for client, path in pages.values():  # warm up, and check each page answers
            assert client.get(path, headers=HEADERS).status_code == 200, path
        load = os.getloadavg()[0]
        for _ in range(args.rounds):
            for page, (client, path) in pages.items():
                per_page = args.per_page if page.startswith("table of") else None
                with page_size(per_page):
                    started = clock()
                    for _ in range(args.requests):
                        client.get(path, headers=HEADERS)
                    timings[page].append((clock() - started) / args.requests)
        lesson = statistics.median(timings["lesson (anonymous)"])
        print(f"load average {load:.1f} → {os.getloadavg()[0]:.1f}; {args.clock} time")
        for page, samples in timings.items():
            median = statistics.median(samples)
            print(f"{page:<20} {median * 1000:7.1f} ms  {median / lesson:5.2f} x the lesson  "
                  f"(lesson/page {lesson / median:.2f})")  # fmt: skip


@contextlib.contextmanager
def page_size(per_page: int | None):
    """The participants table's page size changed for a while (None: as it is)."""
    from tamkeen.reports import table

    kept = table.PER_PAGE
    table.PER_PAGE = per_page or kept
    try:
        yield
    finally:
        table.PER_PAGE = kept


if __name__ == "__main__":
    main()
