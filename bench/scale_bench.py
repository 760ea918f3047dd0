"""Organizers' pages and reports at 100 and at 10,000 participants (issue 17).

The database is made once by ``scale_data.py`` (a demo cohort of 100 and one of 10,000,
5 courses each). Times, through the app's test client (no network), signed in as each
cohort's organizer: the dashboard of the 100 and of the 10,000 alternately (the ratio is
the median of each pair's ratio), then the XLSX export, then, with ``--pdf``, the full PDF
report (``flask reports progress --format pdf``'s code, every participant's row). Wall
time and this process's CPU time (the machine is shared: CPU time moves less with the load).

    .venv/bin/python bench/scale_bench.py --database-url sqlite:////tmp/scale.sqlite
        [--runs 5] [--xlsx-runs 3] [--pdf]
"""

import argparse
import statistics
import time
from pathlib import Path

from scale_data import organizers_signed_in


def measure(action) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def report(name: str, figures: list[tuple[float, float]], extra: str = "") -> None:
    walls = [wall for wall, _cpu in figures]
    cpus = [cpu for _wall, cpu in figures]
    print(f"{name:<22} wall median {statistics.median(walls) * 1000:8.0f} ms "
          f"(min {min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f}), cpu median "
          f"{statistics.median(cpus) * 1000:8.0f} ms, {len(figures)} runs{extra}",
          flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xlsx-runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--data-dir", default="/tmp/tamkeen-scale-data")
    args = parser.parse_args()
    app, clients = organizers_signed_in(args.database_url, Path(args.data_dir))

    def dashboard(size):
        client, cohort_id = clients[size]
        response = client.get(f"/cohorts/{cohort_id}")
        assert response.status_code == 200, response.status_code
        return response.get_data()

    dashboard(100), dashboard(10_000)  # templates and caches warm
    small, large, ratios = [], [], []
    for _run in range(args.runs):
        small.append(measure(lambda: dashboard(100))[:2])
        large.append(measure(lambda: dashboard(10_000))[:2])
        ratios.append(large[-1][1] / small[-1][1])
    report("dashboard 100", small)
    report("dashboard 10,000", large, f"; 10,000 ÷ 100 (cpu, median of pairs) "
           f"{statistics.median(ratios):.2f}")  # fmt: skip

    client, cohort_id = clients[10_000]

    def export(fmt):
        response = client.post(
            f"/cohorts/{cohort_id}/reports/progress",
            data={fmt: "1", "csrf_token": client.csrf_token()},
        )
        assert response.status_code == 200, response.status_code
        return response.get_data()

    figures = [measure(lambda: export("xlsx")) for _run in range(args.xlsx_runs)]
    report("XLSX export 10,000", [f[:2] for f in figures], f", {len(figures[-1][2]) / 1e6:.1f} MB")
    if args.pdf:
        from tamkeen.cohorts.models import Cohort
        from tamkeen.extensions import db
        from tamkeen.reports.progress import ReportFilter
        from tamkeen.reports.services import progress_report

        def whole_pdf():
            with app.test_request_context():
                cohort = db.session.get(Cohort, cohort_id)
                download = progress_report(
                    cohort, ReportFilter(), "pdf", pseudonymise=False, by=None
                )
                db.session.rollback()
                return download.content

        wall, cpu, content = measure(whole_pdf)
        report("PDF, every row", [(wall, cpu)], f", {len(content) / 1e6:.1f} MB "
               "(CPU of this process only: the layout runs in the PDF pool)")  # fmt: skip


if __name__ == "__main__":
    main()
