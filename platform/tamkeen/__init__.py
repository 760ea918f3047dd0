"""Tamkeen: a training platform for civil society."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

# The repository root: config.py, templates/, static/, migrations/ and courses/ live here.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_pyfile(str(PROJECT_ROOT / "config.py"))
    if test_config:
        app.config.update(test_config)

    register_extensions(app)
    register_domains(app)
    register_templates(app)
    register_proxy(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from .accounts.session import register_login
    from .addresses import register_addresses
    from .compression import register_compression
    from .database import register_database
    from .errors import register_error_handlers
    from .extensions import csrf, db, limiter, migrate
    from .i18n import register_i18n
    from .logging_setup import register_logging
    from .pdf import register_pdf
    from .security import register_security_headers
    from .static_files import register_static_versions
    from .storage import register_storage

    register_logging(app)
    register_addresses(app)
    register_database(app)
    register_storage(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    register_login(app)
    register_i18n(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_pdf(app)
    register_compression(app)
    register_static_versions(app)


def register_domains(app: Flask) -> None:
    """Each domain registers its blueprints and fills the registries it offers others, in
    this order (docs/architecture.md). Importing a domain's models registers nothing."""
    from . import (
        accounts,
        admin,
        authoring,
        certificates,
        cohorts,
        health,
        interop,
        jobs,
        learning,
        offline,
        papers,
        quizzes,
        reports,
        workshops,
    )

    for domain in (
        accounts,
        learning,
        quizzes,
        authoring,
        interop,
        certificates,
        papers,
        cohorts,
        reports,
        admin,
        workshops,
        offline,
        health,
        jobs,
    ):
        domain.init_app(app)


def register_templates(app: Flask) -> None:
    from .templating import register_filters_and_context

    register_filters_and_context(app)


def register_proxy(app: Flask) -> None:
    count = app.config.get("PROXY_COUNT", 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_commands(app: Flask) -> None:
    from . import dbcopy
    from .cli import register_cli

    register_cli(app)
    dbcopy.init_app(app)
