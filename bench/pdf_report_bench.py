"""The full PDF progress report's layout, measured apart from the database (issue 17).

``html`` writes the report's HTML for the first N participants of the 10,000 cohort
(``scale_data.py``'s database) in a language; ``layout`` lays an HTML file out as the
layout pool does (``pdf._lay_out``, PDF/UA-1) and prints this process's CPU time.

    PYTHONPATH=bench:platform:. .venv/bin/python bench/pdf_report_bench.py html \
        --database-url sqlite:////tmp/scale.sqlite --data-dir /tmp/d --rows 400 --language fr \
        -o /tmp/report-fr-400.html
    PYTHONPATH=bench:platform:. .venv/bin/python bench/pdf_report_bench.py layout \
        /tmp/report-fr-400.html -o /tmp/report-fr-400.pdf [--fixed-columns]
"""

import argparse
import os
import time
from pathlib import Path


def write_html(args) -> None:
    from scale_data import scale_app

    from tamkeen.cohorts.models import Cohort
    from tamkeen.extensions import db
    from tamkeen.reports import services
    from tamkeen.reports.progress import ReportFilter

    app, cohorts = scale_app(args.database_url, Path(args.data_dir), [100, 10_000])
    cohort_id = cohorts[10_000][0]
    by_participant = services.by_participant
    services.by_participant = lambda data: by_participant(data)[: args.rows]
    from flask_babel import force_locale

    with app.test_request_context(), force_locale(args.language):
        cohort = db.session.get(Cohort, cohort_id)
        html = services.progress_html(cohort, ReportFilter(), pseudonymise=args.pseudonymise)
    Path(args.output).write_text(html)
    print(f"wrote {args.output}: {len(html) / 1e6:.1f} MB")


def lay_out(args) -> None:
    from tamkeen import pdf

    pdf._lay_out("<html><body><p>warm</p></body></html>", None)
    html = Path(args.html).read_text()
    wall, cpu = time.perf_counter(), time.process_time()
    prepare = None
    if args.fixed_columns:
        from tamkeen.reports.pdf_table import fix_columns as prepare
    data = pdf._lay_out(html, None, prepare)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    Path(args.output).write_bytes(data)
    name = f"{args.html}{' fixed' if prepare else ''}"
    print(f"{name}: cpu {cpu:.2f} s, wall {wall:.2f} s, {len(data) / 1e6:.2f} MB, "
          f"load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("html")
    make.add_argument("--database-url", required=True)
    make.add_argument("--data-dir", default="/tmp/tamkeen-scale-data")
    make.add_argument("--rows", type=int, required=True)
    make.add_argument("--language", default="fr")
    make.add_argument("--pseudonymise", action="store_true")
    make.add_argument("-o", "--output", required=True)
    layout = commands.add_parser("layout")
    layout.add_argument("html")
    layout.add_argument("-o", "--output", required=True)
    layout.add_argument(
        "--fixed-columns", action="store_true", help="as the report does (pdf_table.py)"
    )
    args = parser.parse_args()
    write_html(args) if args.command == "html" else lay_out(args)


if __name__ == "__main__":
    main()
