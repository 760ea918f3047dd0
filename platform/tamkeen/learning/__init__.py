"""The trainee path: the catalogue, courses, lessons, enrolment and progress."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views
    from .personal_data import register_personal_data

    register_personal_data()
    app.register_blueprint(views.bp)
