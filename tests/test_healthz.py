"""/healthz: what a monitor asks each app server; and a server whose Redis is down."""

import pytest
from sqlalchemy import text

from tamkeen import create_app
from tamkeen.extensions import db, limiter

from .app_servers import free_port, redis_server
from .conftest import PASSWORD, Client, app_config


def probe(config: dict):
    """/healthz's answer from a server made with ``config``."""
    app = create_app(config)
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    return response


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


def test_a_healthy_server_answers_200_and_nothing_but_its_checks(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "migrations": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers  # no session for a probe


def test_a_database_behind_its_migrations_answers_503(app, client):
    with app.app_context():
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.session.execute(text("UPDATE alembic_version SET version_num = 'older'"))
        db.session.commit()
        try:
            response = client.get("/healthz")
        finally:
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
            db.session.commit()
    assert response.status_code == 503
    assert response.get_json() == {"database": "ok", "migrations": "failing"}


def test_an_unreachable_database_answers_503_without_saying_why(tmp_path):
    url = f"postgresql+psycopg://nobody:secret@127.0.0.1:{free_port()}/nothing"
    response = probe(app_config(url, tmp_path))
    assert response.status_code == 503
    assert response.get_json() == {"database": "failing", "migrations": "failing"}
    assert b"nobody" not in response.data and b"127.0.0.1" not in response.data


def test_redis_is_checked_when_configured(database_url, tmp_path, redis_url):
    config = app_config(database_url, tmp_path)
    healthy = probe({**config, "REDIS_URL": redis_url})
    assert healthy.status_code == 200
    assert healthy.get_json() == {"database": "ok", "migrations": "ok", "redis": "ok"}
    stopped = f"redis://127.0.0.1:{free_port()}/0"
    down = probe({**config, "REDIS_URL": stopped})
    assert down.status_code == 503
    assert down.get_json() == {"database": "ok", "migrations": "ok", "redis": "failing"}


def test_sign_in_still_answers_and_is_limited_while_redis_is_down(database_url, tmp_path, make):
    stopped = f"redis://127.0.0.1:{free_port()}/0"
    config = app_config(database_url, tmp_path) | {"RATELIMIT_ENABLED": True}
    app = create_app(config | {"REDIS_URL": stopped, "RATELIMIT_STORAGE_URI": stopped})
    app.test_client_class = Client
    make.user("amal")
    client = app.test_client()
    try:
        right = client.post_form("/sign-in", {"username": "amal", "password": PASSWORD})
        assert right.status_code == 302
        client.post_form("/sign-out")
        wrong = {"username": "amal", "password": "a guessed passphrase"}
        statuses = [client.post_form("/sign-in", wrong).status_code for _ in range(10)]
        assert statuses == [422] * 9 + [429]  # the limit of 10 a minute, counted in memory
    finally:
        # The limiter is one object for every app this process makes, and it now believes
        # its store is down; a server has one app, whose limiter checks Redis again and
        # recovers by itself. Tell it here, or the next test's limits start in its fallback.
        limiter._storage_dead = False
        with app.app_context():
            db.engine.dispose()
