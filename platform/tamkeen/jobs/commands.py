"""``flask jobs worker``: takes jobs from the queue and runs them, until stopped."""

import logging
import os

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db

jobs = AppGroup("jobs", help="The job queue (TAMKEEN_JOBS=queue).")


@jobs.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run the jobs of the queue (deploy/systemd/tamkeen-worker.service)."""
    from rq import Worker

    from ..logging_setup import formatter
    from . import worker
    from .queue import QUEUE, check_settings, connection

    check_settings(current_app)
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("TAMKEEN_REDIS_URL is not set: there is no queue to work on.")
    # Its lines (a job taken, a PDF laid out) on stderr, for journald, as the app servers'.
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(current_app.config.get("LOG_FORMAT", "text")))
    for name in ("tamkeen", "rq.worker"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    worker.app = current_app._get_current_object()
    worker.parent = os.getpid()
    db.engine.dispose()  # each job is a fork: none inherits an open connection
    Worker([QUEUE], connection=connection(), log_job_description=False).work(
        burst=burst, logging_level="INFO", with_scheduler=False
    )
