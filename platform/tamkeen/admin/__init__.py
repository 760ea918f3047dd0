"""Administration: users and roles, the audit log, site settings."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import views  # noqa: E402,F401
from .personal_data import register_personal_data  # noqa: E402

register_personal_data()
