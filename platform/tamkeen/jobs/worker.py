"""What runs in the worker (``flask jobs worker``): one task, in a request context like the
asking request's, in a process of its own (RQ forks one per job: the memory a layout takes
goes with it)."""

import os
from typing import Any

from flask import Flask
from flask_babel import force_locale

from ..extensions import db
from . import TASKS

# The app the worker command loaded, and that command's process: a job forked from it uses
# the app as it is, but not the database connections it holds.
app: Flask | None = None
parent: int | None = None


def run(task: str, arguments: list[Any], base_url: str, locale: str) -> str:
    """Make the stored file of ``task``; its storage key."""
    global app
    if app is None:  # started by RQ's own `rq worker` rather than `flask jobs worker`
        from .. import create_app

        app = create_app()
    with app.app_context():
        if parent is not None and os.getpid() != parent:
            # The parent's connections are not this process's to use, nor to close.
            db.engine.dispose(close=False)
        try:
            with app.test_request_context("/", base_url=base_url), force_locale(locale):
                return TASKS[task](*arguments).key
        finally:
            db.session.remove()
