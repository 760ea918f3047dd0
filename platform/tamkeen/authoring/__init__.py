"""Trainer authoring: the workspace, lesson revisions, images, course packages."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/teach")

from . import images, lesson_views, models, package_views, quiz_views, revisions, views  # noqa: E402,F401
from .images import media_bp  # noqa: E402,F401  (routes and registries attach themselves)
from .personal_data import register_personal_data  # noqa: E402

register_personal_data()
