"""Profile of one page, signed in as bench/signed_in_pages.py signs in (cProfile, in process).

    .venv/bin/python bench/profile_pages.py PAGE [--requests 200] [--sort tottime]

PAGE is one of: lesson, learning, course, question, dashboard, participants.
"""

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from quiz_data import bench_app, database_url
from signed_in_pages import PASSWORD, open_attempt, seed

from tests.conftest import Auth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--database-url")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--dump", help="also write the profile to this file (pstats)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        url = database_url(args.database_url, Path(name))
        app = bench_app(url, Path(name))
        ids = seed(app, args.participants)
        client = app.test_client()
        paths = {
            "lesson": f"/courses/{ids['course']}/lessons/{ids['lesson']}",
            "learning": "/learning",
            "course": f"/courses/{ids['course']}",
            "dashboard": f"/cohorts/{ids['cohort']}",
            "participants": f"/cohorts/{ids['cohort']}/participants",
        }
        if args.page in ("dashboard", "participants"):
            Auth(client).login(ids["organizer"], PASSWORD)
        elif args.page != "lesson":
            Auth(client).login("bench-trainee", PASSWORD)
        if args.page == "question":
            paths["question"] = open_attempt(ids)(client)
        path = paths[args.page]
        for _ in range(5):
            assert client.get(path).status_code == 200
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        elapsed = time.perf_counter() - started
        print(f"{path}: {1000 * elapsed / args.requests:.2f} ms a request (profiled)")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)
        if args.dump:
            profile.dump_stats(args.dump)


if __name__ == "__main__":
    main()
