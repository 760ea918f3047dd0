"""Benchmark of the facilitator guide PDFs: every bundled guide laid out (cold: the PDF
cache emptied first) and served from the cache (warm).

    .venv/bin/python bench/facilitator_guides.py [--runs 3]

Uses a throwaway SQLite database and data folder; imports the bundled papers and courses.
Prints the median per language and overall, and each guide's page count.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from flask_migrate import upgrade  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from sqlalchemy import select  # noqa: E402

from tamkeen import create_app  # noqa: E402
from tamkeen.extensions import db  # noqa: E402
from tamkeen.learning.guides import guide_pdf  # noqa: E402
from tamkeen.learning.models import Course, FacilitatorGuide  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "DATA_DIR": folder,
                "SECRET_KEY": "bench",
                "PUBLIC_URL": "http://127.0.0.1:5000",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        runner = app.test_cli_runner()
        runner.invoke(args=["papers", "import", str(ROOT / "courses" / "papers")])
        result = runner.invoke(args=["courses", "import", str(ROOT / "courses")])
        assert result.exit_code == 0, result.output
        cold: dict[str, list[float]] = {}
        warm: list[float] = []
        with app.test_request_context():
            courses = db.session.scalars(
                select(Course).join(FacilitatorGuide).order_by(Course.slug)
            ).all()
            for course in courses:
                for _run in range(runs):
                    shutil.rmtree(Path(folder) / "pdf-cache", ignore_errors=True)
                    start = time.perf_counter()
                    path = guide_pdf(course, course.guide)
                    cold.setdefault(course.language, []).append(time.perf_counter() - start)
                    start = time.perf_counter()
                    guide_pdf(course, course.guide)
                    warm.append(time.perf_counter() - start)
                pages = len(PdfReader(path).pages)
                print(f"{course.slug:32} {pages} pages {path.stat().st_size // 1024} KB")
        for language, samples in sorted(cold.items()):
            print(f"cold {language}: median {statistics.median(samples) * 1000:.0f} ms")
        every = [s for samples in cold.values() for s in samples]
        print(f"cold all: median {statistics.median(every) * 1000:.0f} ms ({len(every)} layouts)")
        print(f"warm (cached): median {statistics.median(warm) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
