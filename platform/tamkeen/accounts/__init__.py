"""Accounts: registration, signing in and out, roles, the first administrator."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("accounts", __name__)

ROLE_NAMES = {
    "trainee": _l("Trainee"),
    "trainer": _l("Trainer"),
    "organizer": _l("Organizer"),
    "admin": _l("Administrator"),
}


@bp.app_context_processor
def _role_names() -> dict:
    return {"role_names": ROLE_NAMES, "notices_label": notice_views.unseen_notices_label}


from . import data_views, notice_views, security_views, views  # noqa: E402,F401  (routes)
from .notices import register_personal_data, register_role_kinds  # noqa: E402

register_personal_data()
register_role_kinds(ROLE_NAMES)
