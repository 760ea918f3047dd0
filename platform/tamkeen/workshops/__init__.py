"""Workshops: serving a room from a laptop.

The addresses participants can type, a poster with the address, a QR code and a join code
for a cohort, and welcome slips to cut out for the accounts a roster created.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views
    from .commands import workshop_cli

    app.register_blueprint(views.bp)
    app.cli.add_command(workshop_cli)
