"""Long work off the request: documents that take a while to lay out (a course's handbook)
made by a job queue (RQ on Redis) when ``TAMKEEN_JOBS=queue``, while the page says how far it
got and refreshes itself (no JavaScript) until the download is ready. Without it (the
default, and ``make run``) the same work runs inside the request, as it always has.

Domains add their tasks to ``TASKS`` from their ``init_app``; ``flask jobs worker`` runs
them (deploy/systemd/tamkeen-worker.service).
"""

from flask import Flask

from ..registry import Registry

# name -> function(*arguments) that makes a stored file (storage.StoredFile), called inside
# an app and request context like the request that asked for it.
TASKS: Registry = Registry("work a job queue does off the request")


def init_app(app: Flask) -> None:
    from . import commands, queue

    queue.check_settings(app)
    app.cli.add_command(commands.jobs)
