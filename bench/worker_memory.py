"""Benchmark: a gunicorn worker's memory after one PDF render and after many (issue 17).

Starts gunicorn with tools/gunicorn.conf.py (one worker, rate limits off so any
``--max-requests`` may be given), imports the bundled policy papers into a throwaway SQLite
database, then downloads one paper ``--renders`` times, emptying the PDF cache before each
download so that every one is laid out again. Prints the resident memory (RSS, from /proc)
of the worker(s) after the first render and after the last, and their ratio.

    .venv/bin/python bench/worker_memory.py [--renders 1000] [--max-requests N]

Without ``--max-requests`` the configuration's own settings apply: a worker replaced after
50 PDF layouts (TAMKEEN_PDF_LAYOUTS_PER_WORKER, plus up to a tenth) and, rate limits being
off here, after 1,000 requests. Set TAMKEEN_PDF_LAYOUTS_PER_WORKER=0 and give
``--max-requests 0`` to see a worker that is never replaced.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from quiz_data import ROOT, bench_app

from tamkeen.extensions import db
from tamkeen.papers.models import PolicyPaper
from tamkeen.papers.package import import_papers


def first_paper(url: str, folder: Path) -> int:
    app = bench_app(url, folder)
    with app.app_context():
        assert not import_papers(ROOT / "courses" / "papers").problems
        db.session.commit()
        paper_id = db.session.scalars(db.select(PolicyPaper.id).order_by(PolicyPaper.id)).first()
        db.engine.dispose()
    return paper_id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(url: str, folder: Path, port: int, max_requests: int | None, log) -> subprocess.Popen:
    env = dict(
        os.environ,
        TAMKEEN_DATABASE_URL=url,
        TAMKEEN_DATA_DIR=str(folder),
        TAMKEEN_SECRET_KEY="bench-secret",
        TAMKEEN_RATELIMIT_ENABLED="0",
        TAMKEEN_DEFAULT_LOCALE="en",
    )
    env.pop("TAMKEEN_MAX_REQUESTS", None)
    options = ["--workers", "1", "--bind", f"127.0.0.1:{port}"]
    if max_requests is not None:
        options += ["--max-requests", str(max_requests)]
        options += ["--max-requests-jitter", str(max_requests // 10)]
    command = [str(ROOT / ".venv/bin/gunicorn"), "--config", "tools/gunicorn.conf.py", *options]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def workers_rss_mib(master: int) -> float:
    """The resident memory of the master's children (the workers), in MiB."""
    total = 0
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except FileNotFoundError:  # a worker being replaced
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def download(base: str, paper_id: int, cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    with urllib.request.urlopen(f"{base}/papers/{paper_id}/download", timeout=120) as response:
        assert response.status == 200 and response.read(5) == b"%PDF-"


def wait_for(port: int) -> str:
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=1000)
    parser.add_argument("--max-requests", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        paper_id = first_paper(url, folder)
        port = free_port()
        with open(folder / "gunicorn.log", "w") as log:
            server = start(url, folder, port, args.max_requests, log)
            try:
                base = wait_for(port)
                cache = folder / "pdf-cache"
                started = time.perf_counter()
                download(base, paper_id, cache)
                after_one = workers_rss_mib(server.pid)
                for _ in range(args.renders - 1):
                    download(base, paper_id, cache)
                after_all = workers_rss_mib(server.pid)
                elapsed = time.perf_counter() - started
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(60)
    print(f"max_requests: {args.max_requests if args.max_requests is not None else 'config'}")
    print(f"worker RSS after 1 render: {after_one:.0f} MiB")
    print(f"worker RSS after {args.renders} renders: {after_all:.0f} MiB")
    print(f"ratio: {after_all / after_one:.2f}   ({elapsed:.0f} s, load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
