"""A gunicorn worker is replaced after its share of PDF layouts (issue 17): WeasyPrint keeps
part of every layout's memory, and only a new process gives it back."""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database


def start(url: str, folder: Path, log) -> tuple[subprocess.Popen, str]:
    """gunicorn as `make run` starts it, replacing its worker after two layouts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, TAMKEEN_DATABASE_URL=url, TAMKEEN_SECRET_KEY="recycling-secret",
               TAMKEEN_DATA_DIR=str(folder), TAMKEEN_DEFAULT_LOCALE="en",
               TAMKEEN_PDF_LAYOUTS_PER_WORKER="2")  # fmt: skip
    for name in ("TAMKEEN_RATELIMIT_STORAGE_URI", "TAMKEEN_MAX_REQUESTS", "GUNICORN_CMD_ARGS"):
        env.pop(name, None)
    command = [str(PROJECT_ROOT / ".venv/bin/gunicorn"), "--config", "tools/gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            assert server.poll() is None, "the server stopped"
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def workers(server: subprocess.Popen) -> set[int]:
    path = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return {int(pid) for pid in path.read_text().split()}


def download(base: str, paper_id: int, cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)  # every download a layout
    with urllib.request.urlopen(f"{base}/papers/{paper_id}/download", timeout=120) as response:
        assert response.read(5) == b"%PDF-"


def test_a_worker_is_replaced_after_its_share_of_layouts(app, make, tmp_path):
    paper = make.paper()
    with app.app_context():  # the server, not this process, uses the database now
        db.session.remove()
        db.engine.dispose()
    with (tmp_path / "server.log").open("w") as log:
        server, base = start(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, log)
        try:
            download(base, paper.id, tmp_path / "pdf-cache")  # served: the worker is up
            first = workers(server)
            assert len(first) == 1
            download(base, paper.id, tmp_path / "pdf-cache")  # its second layout
            for _ in range(300):
                if workers(server) and workers(server).isdisjoint(first):
                    break
                time.sleep(0.1)
            assert workers(server).isdisjoint(first), "the worker was not replaced"
            download(base, paper.id, tmp_path / "pdf-cache")  # the new worker serves
            second = workers(server)
            for pid in second:
                os.kill(pid, signal.SIGSEGV)  # as a fault in C code would end it
            for _ in range(300):
                if workers(server) and workers(server).isdisjoint(first | second):
                    break
                time.sleep(0.1)
            download(base, paper.id, tmp_path / "pdf-cache")  # and another one takes over
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(60)
    written = (tmp_path / "server.log").read_text()
    assert "Replacing the worker after 2 PDF layouts" in written
    # The dead worker said where it was: its threads' stacks, by faulthandler.
    assert "Fatal Python error: Segmentation fault" in written
    assert "most recent call first" in written
