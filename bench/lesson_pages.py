"""Benchmark: every lesson of the bundled curriculum as a trainee's phone receives it.

Imports `courses/` into a fresh database, enrols one trainee in every course, then renders
each lesson page ``--rounds`` times. Prints render times (median, p95) and the page weight
with everything it loads (the stylesheet and scripts), gzip level 6 as a server would send it,
against the 30 KB budget of the foundation issue.

    .venv/bin/python bench/lesson_pages.py [--rounds 5] [--database-url URL]
"""

import argparse
import gzip
import re
import statistics
import tempfile
import time
from pathlib import Path

from quiz_data import ROOT, bench_app, database_url

from tamkeen.accounts.services import register_user
from tamkeen.authoring.importer import import_packages
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course, Lesson, Module
from tamkeen.papers.package import import_papers

BUDGET = 30 * 1024
PASSWORD = "a long enough passphrase"


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def load_curriculum(app) -> list[str]:
    """Import papers and courses, enrol a reader everywhere; the lesson pages' URLs."""
    with app.app_context():
        assert not import_papers(ROOT / "courses" / "papers").problems
        report = import_packages(ROOT / "courses")
        assert not report.problems, report.problems
        reader = register_user("reader", PASSWORD)
        courses = db.session.scalars(db.select(Course)).all()
        for course in courses:
            learning.enrol(reader, course)
        rows = db.session.execute(
            db.select(Module.course_id, Lesson.id).join(Lesson, Lesson.module_id == Module.id)
        ).all()
        db.session.commit()
    return [f"/courses/{course_id}/lessons/{lesson_id}" for course_id, lesson_id in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(args.database_url, Path(folder))
        app = bench_app(url, Path(folder))
        pages = load_curriculum(app)
        client = app.test_client()
        client.post_form("/sign-in", {"username": "reader", "password": PASSWORD})
        timings, weights, assets = [], [], {}
        for _ in range(args.rounds):
            for page in pages:
                started = time.perf_counter()
                response = client.get(page)
                timings.append(1000 * (time.perf_counter() - started))
                assert response.status_code == 200, page
                html = response.get_data()
                for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
                    if asset not in assets:
                        with client.get(asset.decode()) as loaded:
                            assets[asset] = gzipped(loaded.get_data())
                linked = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
                weights.append(gzipped(html) + sum(assets[a] for a in set(linked)))
        timings.sort()
        print(f"database: {url.split(':')[0]}; {len(pages)} lessons x {args.rounds} rounds")
        print(
            f"lesson page: median {statistics.median(timings):.1f} ms, "
            f"p95 {timings[int(0.95 * len(timings))]:.1f} ms, max {timings[-1]:.1f} ms"
        )
        print(f"weight with assets, gzipped: median {statistics.median(weights) / 1024:.1f} KB, "
              f"max {max(weights) / 1024:.1f} KB (budget {BUDGET // 1024} KB)")  # fmt: skip


if __name__ == "__main__":
    main()
