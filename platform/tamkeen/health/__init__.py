"""The health check a load balancer or a monitoring service asks: ``/healthz``."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views

    app.register_blueprint(views.bp)
