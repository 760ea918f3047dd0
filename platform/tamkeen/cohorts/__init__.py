"""Cohorts: partner organizations, training programmes, their participants and courses."""

from flask import Blueprint

bp = Blueprint("cohorts", __name__)

from ..certificates.services import SPONSORS  # noqa: E402
from . import certificate_views, join_views, policies, views  # noqa: E402,F401
from .personal_data import register_personal_data  # noqa: E402
from .services import sponsor_for  # noqa: E402

register_personal_data()

if sponsor_for not in SPONSORS:
    SPONSORS.append(sponsor_for)
