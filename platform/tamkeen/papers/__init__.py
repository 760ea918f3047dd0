"""The policy-paper library: papers in Markdown or PDF, public pages and downloads."""

from flask import Blueprint

bp = Blueprint("papers", __name__)

from . import views  # noqa: E402,F401
from .links import register_paper_links  # noqa: E402

register_paper_links()
