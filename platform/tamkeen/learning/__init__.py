"""The trainee path: the catalogue, courses, lessons, enrolment and progress."""

from flask import Blueprint

bp = Blueprint("learning", __name__)

from . import policies, views  # noqa: E402,F401
from .personal_data import register_personal_data  # noqa: E402

register_personal_data()
