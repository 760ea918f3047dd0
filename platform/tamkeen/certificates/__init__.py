"""Certificates: issued on completion or by organizers, verified publicly, printed as PDF."""

from flask import Blueprint

from ..learning.services import course_completed

bp = Blueprint("certificates", __name__)

from . import policies, views  # noqa: E402,F401
from .packages import register_package_support  # noqa: E402
from .personal_data import register_personal_data  # noqa: E402
from .services import issue_on_completion, register_notices  # noqa: E402

register_package_support()
register_personal_data()
register_notices()
course_completed.connect(issue_on_completion)
