"""Benchmark: rendering a quiz page (one question of an attempt), in the app, no network.

Each of the 20 questions (every kind) is rendered ``--rounds`` times for a signed-in
trainee, as GET /attempts/<id>/questions/<n>; prints the time per page and its weight.

    .venv/bin/python bench/quiz_page.py [--rounds 25] [--database-url URL]
"""

import argparse
import gzip
import statistics
import tempfile
import time
from pathlib import Path

from quiz_data import bench_app, database_url, make_quiz

from tamkeen.accounts.services import register_user
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course
from tamkeen.quizzes.models import Quiz


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(args.database_url, Path(folder))
        app = bench_app(url, Path(folder))
        quiz_id = make_quiz(app, shuffle_choices=True)
        with app.app_context():
            quiz = db.session.get(Quiz, quiz_id)
            user = register_user("reader", "a long enough passphrase")
            learning.enrol(user, db.session.get(Course, quiz.course_id))
            db.session.commit()
        client = app.test_client()
        client.post_form("/sign-in", {"username": "reader", "password": "a long enough passphrase"})
        start = client.post_form(f"/courses/1/quizzes/{quiz_id}/start")
        attempt = start.headers["Location"].split("/questions/")[0]
        timings, sizes = [], []
        for _ in range(args.rounds):
            for number in range(1, 21):
                started = time.perf_counter()
                response = client.get(f"{attempt}/questions/{number}")
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200
                sizes.append(len(gzip.compress(response.get_data())))
        ms = sorted(1000 * t for t in timings)
        print(f"database: {url.split(':')[0]}")
        print(f"question page: {len(ms)} renders; median {statistics.median(ms):.1f} ms, "
              f"p95 {ms[int(0.95 * len(ms))]:.1f} ms, max {ms[-1]:.1f} ms; "
              f"{statistics.mean(sizes) / 1024:.1f} KB gzipped on average")  # fmt: skip
        assets = sum(
            len(gzip.compress(client.get(p).get_data()))
            for p in ("/static/css/tamkeen.css", "/static/js/quiz.js")
        )
        print(f"with its stylesheet and script: {(statistics.mean(sizes) + assets) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
