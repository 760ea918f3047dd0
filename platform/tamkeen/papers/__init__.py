"""The policy-paper library: papers in Markdown or PDF, public pages and downloads."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..packages import REFERENCE_CHECKERS
    from . import links, views
    from .audit_words import register_audit_words

    REFERENCE_CHECKERS.add("paper", links.paper_exists_for_course)
    register_audit_words()
    app.register_blueprint(views.bp)
