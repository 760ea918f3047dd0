"""Organizers' dashboards, participants tables and progress reports for cohorts."""

from flask import Blueprint

bp = Blueprint("reports", __name__)


@bp.app_template_filter("format_certificate_code")
def _format_certificate_code(code: str) -> str:
    from ..certificates.codes import format_code

    return format_code(code)


from . import views  # noqa: E402,F401
