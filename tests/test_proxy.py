"""Behind a reverse proxy (deploy/Caddyfile): TAMKEEN_PROXY_COUNT says how many stand in
front, so the app sees each client's own address (for its rate limits, hashed) and that the
request came over HTTPS; without it, a forged X-Forwarded-For changes nothing."""

from flask import request

from tamkeen import create_app
from tamkeen.certificates import codes
from tamkeen.extensions import db

from .conftest import app_config

VERIFY_LIMIT = 20  # a minute, per client (certificates/views.py)


def verify_statuses(database_url, tmp_path, proxies: int, forwarded_for: list[str]) -> list[int]:
    config = app_config(database_url, tmp_path) | {"RATELIMIT_ENABLED": True}
    app = create_app(config | {"PROXY_COUNT": proxies})
    client = app.test_client()
    try:
        return [
            client.get(
                f"/verify/{codes.new_code()}", headers={"X-Forwarded-For": address}
            ).status_code
            for address in forwarded_for
        ]
    finally:
        with app.app_context():
            db.engine.dispose()


def test_behind_one_proxy_each_client_has_its_own_limit(database_url, tmp_path):
    guesser, neighbour = "203.0.113.7", "198.51.100.4"
    statuses = verify_statuses(
        database_url, tmp_path, 1, [guesser] * (VERIFY_LIMIT + 1) + [neighbour]
    )
    assert statuses[VERIFY_LIMIT] == 429  # the guesser is stopped
    assert statuses[-1] == 404  # the neighbour behind the same proxy is not


def test_without_a_proxy_a_forged_forwarded_address_does_not_escape_the_limit(
    database_url, tmp_path
):
    forged = [f"203.0.113.{n}" for n in range(VERIFY_LIMIT + 1)]
    statuses = verify_statuses(database_url, tmp_path, 0, forged)
    assert statuses[-1] == 429


def test_behind_a_proxy_the_app_knows_the_request_was_https(database_url, tmp_path):
    # The forwarded host must be one the site answers at (the host allow-list, addresses.py).
    settings = {"PROXY_COUNT": 1, "PUBLIC_URL": "https://tamkeen.example.org"}
    app = create_app(app_config(database_url, tmp_path) | settings)
    app.add_url_rule("/scheme", "scheme", lambda: f"{request.scheme} {request.host}")
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tamkeen.example.org"}
    assert app.test_client().get("/scheme", headers=headers).text == "https tamkeen.example.org"
    direct = create_app(app_config(database_url, tmp_path))
    direct.add_url_rule("/scheme", "scheme", lambda: request.scheme)
    assert direct.test_client().get("/scheme", headers=headers).text == "http"
