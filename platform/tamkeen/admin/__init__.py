"""Administration: users and roles, the audit log."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views
    from .personal_data import register_personal_data

    register_personal_data()
    app.register_blueprint(views.bp)
