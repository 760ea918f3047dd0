"""Quizzes: questions of seven kinds, attempts that never lose an answer, statistics, GIFT."""

from flask import Blueprint

bp = Blueprint("quizzes", __name__)

from . import models, package, teach, views  # noqa: E402,F401  (routes and registries attach here)
from .personal_data import register_personal_data  # noqa: E402

register_personal_data()
