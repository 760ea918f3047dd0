"""Organizers' dashboards, participants tables and progress reports for cohorts."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views
    from .audit_words import register_audit_words

    register_audit_words()
    app.register_blueprint(views.bp)
