"""PDFs are laid out in a small pool of processes of their own (issue 17): WeasyPrint never
holds the worker's interpreter, each process is replaced after a number of layouts (the
memory a layout leaves goes with it), its warnings still reach the worker's log, and a
layout process that dies is replaced."""

import logging
import os
import signal
import threading
import time

import pytest

from tamkeen import pdf

from .pdftools import pdf_text

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

HTML = "<html><body><h1>Tamkeen {number}</h1></body></html>"


def _lay_out(app, number: int, tmp_path):
    target = tmp_path / f"{number}.pdf"
    with app.app_context():
        pdf.html_to_pdf(HTML.format(number=number), target)
    assert f"Tamkeen {number}" in pdf_text(target)


def test_layouts_run_in_processes_of_their_own_replaced_after_some(app, tmp_path):
    """Four documents asked for at once: they wait for the pool's one process and all
    finish, in processes other than this one, each replaced after two layouts."""
    app.config.update(PDF_PROCESSES=1, PDF_LAYOUTS_PER_PROCESS=2)
    before = pdf.layout_processes()
    errors = []

    def run(number):
        try:
            _lay_out(app, number, tmp_path)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pdf.shutdown_pool()
    assert errors == []
    made = {pid: count - before.get(pid, 0) for pid, count in pdf.layout_processes().items()}
    made = {pid: count for pid, count in made.items() if count}
    assert os.getpid() not in made
    assert sum(made.values()) == 4
    assert len(made) >= 2 and max(made.values()) <= 2


def test_without_a_pool_the_worker_lays_out_itself(app, tmp_path):
    app.config.update(PDF_PROCESSES=0)
    before = pdf.layout_processes().get(os.getpid(), 0)
    _lay_out(app, 7, tmp_path)
    assert pdf.layout_processes()[os.getpid()] == before + 1


def test_warnings_reach_the_workers_log_and_a_dead_process_is_replaced(app, tmp_path, caplog):
    app.config.update(PDF_PROCESSES=1, PDF_LAYOUTS_PER_PROCESS=25)
    outside = tmp_path / "outside.css"
    outside.write_text("h1 { color: red }")
    html = f'<html><head><link rel="stylesheet" href="{outside.as_uri()}"></head><body>x</body>'
    with caplog.at_level(logging.WARNING, logger="weasyprint"), app.app_context():
        pdf.html_to_pdf(html, tmp_path / "out.pdf")
    assert any(
        record.name == "weasyprint" and "PDFs may load only static files" in record.getMessage()
        for record in caplog.records
    )
    before = set(pdf.layout_processes())
    pool = pdf._pool
    for pid in pool._processes:  # the pool's idle process, killed (out of memory)
        os.kill(pid, signal.SIGKILL)
    for _ in range(100):  # until the executor has noticed: the next layout finds it broken
        if pool._broken:
            break
        time.sleep(0.1)
    _lay_out(app, 2, tmp_path)
    assert set(pdf.layout_processes()) - before
