"""Reading without the network: courses saved on the phone by a service worker, the web app
manifest, and the pages they need. Everything here enhances pages that work without it."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views

    app.register_blueprint(views.bp)
