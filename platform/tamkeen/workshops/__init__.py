"""Workshops: serving a room from a laptop, and bringing its work back.

The addresses participants can type, a poster with the address, a QR code and a join code
for a cohort, and welcome slips to cut out for the accounts a roster created. A workshop
kit carries a cohort to a laptop that runs without internet; its results come back as a
signed, encrypted file that the central server merges by identity
(docs/design/workshop-sync.md, docs/workshops.md).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import api_views, models, views  # noqa: F401  (models: the tables exist for migrations)
    from .audit_words import register_audit_words, register_notices
    from .commands import workshop_cli
    from .sync_commands import register_sync_commands

    app.register_blueprint(views.bp)
    app.register_blueprint(api_views.bp)
    register_sync_commands(workshop_cli)
    app.cli.add_command(workshop_cli)
    register_audit_words()
    register_notices()
