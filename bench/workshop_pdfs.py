"""Benchmark of the workshop PDFs: a poster, and welcome slips for 8 and 100 people (one PDF
holds at most 100: workshops/services.py SLIPS_PER_PDF).

    .venv/bin/python bench/workshop_pdfs.py [--runs 5]

Uses a throwaway SQLite database and data folder. Prints medians of wall-clock and CPU
time (CPU time is the honest figure on a shared machine). The PDFs are never cached: they
hold live codes and one-time links.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from flask_migrate import upgrade  # noqa: E402

from tamkeen import create_app  # noqa: E402
from tamkeen.extensions import db  # noqa: E402


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def timed(function, runs: int) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "DATA_DIR": Path(folder),
                "SECRET_KEY": "bench",
                "PUBLIC_URL": "",
                "BIND": "0.0.0.0:5000",
                "ALLOWED_HOSTS": ["192.168.1.20"],  # not this machine's: allowed by name
                "ARGON2_TIME_COST": 1,
                "ARGON2_MEMORY_COST": 1024,
            }
        )
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        with app.test_request_context(base_url="http://192.168.1.20:5000"):
            from tamkeen.accounts import services as accounts
            from tamkeen.cohorts import services as cohorts
            from tamkeen.cohorts.membership import invite_people
            from tamkeen.workshops import services

            admin = accounts.create_admin("bench-admin", "a long enough passphrase", None)
            cohort = cohorts.create_cohort(
                admin, name="Bench cohort", organization_id=None, starts_on=None,
                ends_on=None, signatories=[],
            )  # fmt: skip
            users = [accounts.create_account_for(f"person{n}", f"Person {n}") for n in range(100)]
            db.session.flush()
            tokens = [accounts.create_password_link(user) for user in users]
            invite_people(cohort, users, organization_id=None, by=admin)
            poster = services.new_poster(cohort, max_uses=60, days=7)
            db.session.commit()
            slips = services.slips_for(cohort, tokens)
            services.poster_pdf(poster, "ar")  # warm: fonts, WeasyPrint's imports
            rows = [
                ("poster (ar)", lambda: services.poster_pdf(poster, "ar")),
                ("8 slips (ar)", lambda: services.slips_pdf(slips[:8], "ar")),
                ("100 slips (ar)", lambda: services.slips_pdf(slips, "ar")),
                ("100 slips checked", lambda: services.slips_for(cohort, tokens)),
            ]
            for name, function in rows:
                wall, cpu = timed(function, runs)
                print(f"{name:>20}: {median_ms(wall)} wall, {median_ms(cpu)} CPU")


if __name__ == "__main__":
    main()
