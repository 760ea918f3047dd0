"""Accounts: registration, signing in and out, roles, notices, one's own data."""

from flask import Flask
from flask_babel import lazy_gettext as _l

ROLE_NAMES = {
    "trainee": _l("Trainee"),
    "trainer": _l("Trainer"),
    "organizer": _l("Organizer"),
    "admin": _l("Administrator"),
}


def init_app(app: Flask) -> None:
    from ..registry import register_blueprint
    from . import data_views, notice_views, security_views, views
    from .audit_words import register_audit_words
    from .notices import register_personal_data, register_role_kinds

    register_personal_data()
    register_role_kinds(ROLE_NAMES)
    register_audit_words(ROLE_NAMES)
    register_blueprint(app, views.bp, routes_from=(data_views, notice_views, security_views))
