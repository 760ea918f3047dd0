"""Cohorts: partner organizations, training programmes, their participants and courses."""

from flask import Blueprint

bp = Blueprint("cohorts", __name__)

from ..accounts.services import WELCOME_NOTES  # noqa: E402
from ..certificates.services import SPONSORS  # noqa: E402
from ..learning.services import LEARNING_PANELS  # noqa: E402
from . import certificate_views, join_views, membership_views, policies, views  # noqa: E402,F401
from .membership import my_learning_panel, register_notices, welcome_note  # noqa: E402
from .personal_data import register_personal_data  # noqa: E402
from .services import sponsor_for  # noqa: E402

register_personal_data()
register_notices()

for registry, entry in (
    (SPONSORS, sponsor_for),
    (LEARNING_PANELS, my_learning_panel),
    (WELCOME_NOTES, welcome_note),
):
    if entry not in registry:
        registry.append(entry)
