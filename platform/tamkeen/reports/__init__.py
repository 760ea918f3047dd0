"""Organizers' dashboards, participants tables and progress reports for cohorts."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views

    app.register_blueprint(views.bp)
