"""Organizers' dashboards, participants tables and progress reports for cohorts."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..jobs import TASKS
    from . import services, stamps, views
    from .audit_words import register_audit_words
    from .fragments import init_cache
    from .models import ReportPair, ReportStamp, ReportSum  # noqa: F401 - their tables

    register_audit_words()
    stamps.listen()
    init_cache(app)
    TASKS.add("progress_report", services.progress_report_task)
    app.register_blueprint(views.bp)
