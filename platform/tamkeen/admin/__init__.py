"""Administration: users and roles, the audit log, backups made from the web."""

from flask import Flask

from ..jobs import TASKS
from ..registry import register_blueprint


def init_app(app: Flask) -> None:
    from . import backup_views, views
    from .audit_words import register_audit_words
    from .backup_jobs import backup_task
    from .personal_data import register_personal_data

    register_personal_data()
    register_audit_words()
    TASKS.add("backup", backup_task)
    register_blueprint(app, views.bp, routes_from=(backup_views,))
