"""Organizers' dashboards, participants tables and progress reports for cohorts."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..jobs import TASKS
    from . import services, views
    from .audit_words import register_audit_words

    register_audit_words()
    TASKS.add("progress_report", services.progress_report_task)
    app.register_blueprint(views.bp)
