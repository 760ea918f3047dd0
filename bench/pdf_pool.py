"""Benchmark: other pages while PDFs are laid out, and memory after many layouts (issue 17).

Starts gunicorn with tools/gunicorn.conf.py (one worker of 8 threads, as ``make run``) on a
throwaway SQLite database holding the bundled policy papers, once per layout setting
(``TAMKEEN_PDF_PROCESSES``: 1 = the pool of its own, 0 = in the worker), and for each:

1. ``wrk`` on the papers list (10 connections, ``--seconds``) alone: its p99;
2. the same while ``--renderers`` threads download papers with the PDF cache emptied
   before each download (every download a full layout): its p99 and the layouts made;
3. ``--renders`` more layouts one after another, then the resident memory (RSS, /proc) of
   the worker and of the layout processes (the worker's children), against after one.

    .venv/bin/python bench/pdf_pool.py [--seconds 15] [--renderers 2] [--renders 100]
        [--settings 1 0]

Needs ``wrk`` (Debian package ``wrk``).
"""

import argparse
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from quiz_data import ROOT, bench_app
from signed_in_pages import wrk
from worker_memory import free_port, wait_for

from tamkeen.extensions import db
from tamkeen.papers.models import PolicyPaper
from tamkeen.papers.package import import_papers


def papers(url: str, folder: Path) -> list[int]:
    app = bench_app(url, folder)
    with app.app_context():
        assert not import_papers(ROOT / "courses" / "papers").problems
        db.session.commit()
        found = list(db.session.scalars(db.select(PolicyPaper.id).order_by(PolicyPaper.id)))
        db.engine.dispose()
    return found


def start(url: str, folder: Path, port: int, processes: int, log) -> subprocess.Popen:
    env = dict(
        os.environ,
        TAMKEEN_DATABASE_URL=url,
        TAMKEEN_DATA_DIR=str(folder),
        TAMKEEN_SECRET_KEY="bench-secret",
        TAMKEEN_RATELIMIT_ENABLED="0",
        TAMKEEN_DEFAULT_LOCALE="en",
        TAMKEEN_PDF_PROCESSES=str(processes),
        # The worker itself is not replaced here: what is measured is where memory goes.
        TAMKEEN_PDF_LAYOUTS_PER_WORKER="0",
        TAMKEEN_MAX_REQUESTS="0",
    )
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--config",
        "tools/gunicorn.conf.py",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def _children(pid: int) -> list[int]:
    """A process's children, whichever of its threads started them."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:  # a thread that ended meanwhile
            continue
    return found


def _rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0.0
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def memory(master: int) -> tuple[float, float]:
    """(the workers' RSS, their children's: the layout processes and their helper), MiB."""
    workers = _children(master)
    below = [child for worker in workers for child in _children(worker)]
    return sum(map(_rss_mib, workers)), sum(map(_rss_mib, below))


def download(base: str, paper_id: int, cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    with urllib.request.urlopen(f"{base}/papers/{paper_id}/download", timeout=300) as response:
        assert response.status == 200 and response.read(5) == b"%PDF-"


def measure(url, folder, ids, processes, args) -> dict:
    port = free_port()
    cache = folder / "pdf-cache"
    result = {"processes": processes}
    with open(folder / f"gunicorn-{processes}.log", "w") as log:
        server = start(url, folder, port, processes, log)
        try:
            base = wait_for(port)
            download(base, ids[0], cache)  # warm: the first layout (and the pool) started
            wrk(f"{base}/papers", 2, 2, None)
            result["alone"] = wrk(f"{base}/papers", 10, args.seconds, None)
            stop, made = threading.Event(), []

            def render(offset: int) -> None:
                number = offset
                while not stop.is_set():
                    download(base, ids[number % len(ids)], cache / str(offset))
                    made.append(1)
                    number += args.renderers

            threads = [threading.Thread(target=render, args=(n,)) for n in range(args.renderers)]
            for thread in threads:
                thread.start()
            time.sleep(1)
            result["rendering"] = wrk(f"{base}/papers", 10, args.seconds, None)
            stop.set()
            for thread in threads:
                thread.join()
            result["layouts during"] = len(made)
            download(base, ids[0], cache)
            result["after 1"] = memory(server.pid)
            started = time.perf_counter()
            for number in range(args.renders):
                download(base, ids[number % len(ids)], cache)
            result["seconds a layout"] = (time.perf_counter() - started) / max(args.renders, 1)
            result[f"after {args.renders + 1}"] = memory(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(60)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--renderers", type=int, default=2)
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--settings", type=int, nargs="+", default=[1, 0])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        ids = papers(url, folder)
        for processes in args.settings:
            load = os.getloadavg()[0]
            result = measure(url, folder, ids, processes, args)
            alone, during = result["alone"], result["rendering"]
            print(f"TAMKEEN_PDF_PROCESSES={processes} (load {load:.1f} → {os.getloadavg()[0]:.1f})")
            print(f"  /papers alone:     {alone['rps']:.0f} req/s, p50 {alone['p50']:.0f} ms, "
                  f"p99 {alone['p99']:.0f} ms, errors {alone['errors']}")  # fmt: skip
            print(f"  /papers rendering: {during['rps']:.0f} req/s, p50 {during['p50']:.0f} ms, "
                  f"p99 {during['p99']:.0f} ms, errors {during['errors']}, "
                  f"{result['layouts during']} layouts meanwhile; "
                  f"p99 ratio {during['p99'] / alone['p99']:.2f}")  # fmt: skip
            for key, value in result.items():
                if key.startswith("after"):
                    print(f"  RSS {key} layouts: worker {value[0]:.0f} MiB, "
                          f"layout processes {value[1]:.0f} MiB")  # fmt: skip
            print(f"  {result['seconds a layout']:.2f} s a layout")


if __name__ == "__main__":
    main()
