"""Data for the 10,000-participant benchmarks (issue 17): one database holding a demo cohort
of 100 participants and one of 10,000 (``flask demo seed``'s code, 5 courses each), kept in
a file (SQLite) or a schema (PostgreSQL) so that several benchmarks can reuse it.

    .venv/bin/python bench/scale_data.py --database-url sqlite:////tmp/scale.sqlite
        [--sizes 100,10000] [--courses 5]      # prints the cohorts' ids and organizers

Not a benchmark itself: ``scale_bench.py`` imports ``scale_app``.
"""

import argparse
import time
from pathlib import Path

from quiz_data import bench_app
from sqlalchemy import inspect, select, text

from tamkeen.accounts.models import User
from tamkeen.accounts.passwords import hash_password
from tamkeen.cohorts.demo import seed_cohort
from tamkeen.cohorts.models import Cohort, CohortOrganizer, CohortParticipant
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tests.factories import TOTP_SECRET

PASSWORD = "a long enough passphrase"


def scale_app(url: str, data_dir: Path, sizes: list[int], courses: int = 5):
    """The app on ``url`` and {size: (cohort id, organizer's username)}; the cohorts are
    seeded only when the database does not hold them already."""
    from quiz_data import empty  # noqa: F401  (bench_app empties a fresh database)
    from sqlalchemy import create_engine

    engine = create_engine(url)
    fresh = "cohorts" not in inspect(engine).get_table_names()
    engine.dispose()
    app = bench_app(url, data_dir, fresh=fresh)
    cohorts = {}
    with app.app_context():
        for size in sizes:
            found = db.session.execute(
                select(Cohort.id, db.func.count(CohortParticipant.user_id))
                .join(CohortParticipant, CohortParticipant.cohort_id == Cohort.id)
                .group_by(Cohort.id)
                .having(db.func.count(CohortParticipant.user_id) == size)
            ).first()
            if found is None:
                started = time.perf_counter()
                cohort = seed_cohort(size, courses, 2026, step=lambda _n: None)
                db.session.commit()
                print(f"seeded {size} × {courses} in {time.perf_counter() - started:.1f} s")
                cohort_id = cohort.id
            else:
                cohort_id = found[0]
            organizer = db.session.scalar(
                select(User)
                .join(CohortOrganizer, CohortOrganizer.user_id == User.id)
                .where(CohortOrganizer.cohort_id == cohort_id)
            )
            if organizer.totp_secret is None:
                organizer.password_hash = hash_password(PASSWORD)
                organizer.totp_secret, organizer.totp_enabled_at = TOTP_SECRET, utcnow()
                db.session.commit()
            cohorts[size] = (cohort_id, organizer.username)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    return app, cohorts


def organizers_signed_in(url: str, data_dir: Path, sizes=(100, 10_000)):
    """``scale_app`` (the machine stated), and {size: (test client signed in as the
    cohort's organizer, cohort id)}: what every benchmark of the organizers' pages starts
    from."""
    import os

    from tests.conftest import Auth

    data_dir.mkdir(exist_ok=True)
    app, cohorts = scale_app(url, data_dir, list(sizes))
    print(f"database {url.split(':')[0]}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()}", flush=True)  # fmt: skip
    clients = {}
    for size, (cohort_id, username) in cohorts.items():
        client = app.test_client()
        Auth(client).login(username, PASSWORD)
        clients[size] = (client, cohort_id)
    return app, clients


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--courses", type=int, default=5)
    parser.add_argument("--data-dir", default="/tmp/tamkeen-scale-data")
    args = parser.parse_args()
    Path(args.data_dir).mkdir(exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    _app, cohorts = scale_app(args.database_url, Path(args.data_dir), sizes, args.courses)
    for size, (cohort_id, username) in cohorts.items():
        print(f"{size} participants: cohort {cohort_id}, organizer {username}")


if __name__ == "__main__":
    main()
