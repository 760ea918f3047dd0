"""Production settings: secure cookies, short sessions, and no default secret."""

import pytest
from flask import Config

from tamkeen import PROJECT_ROOT

SETTINGS = (
    "TAMKEEN_ENV",
    "TAMKEEN_SECRET_KEY",
    "TAMKEEN_SECURE_COOKIES",
    "TAMKEEN_TOTP_KEY",
    "TAMKEEN_REDIS_URL",
    "TAMKEEN_RATELIMIT_STORAGE_URI",
    "TAMKEEN_LOG_FORMAT",
)


def load(monkeypatch, **env) -> Config:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config(PROJECT_ROOT)
    config.from_pyfile(str(PROJECT_ROOT / "config.py"))
    return config


def test_production_cookies_are_secure_httponly_and_lax(monkeypatch):
    config = load(monkeypatch, TAMKEEN_ENV="production", TAMKEEN_SECRET_KEY="x" * 64)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["PERMANENT_SESSION_LIFETIME"].total_seconds() <= 12 * 3600


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    with pytest.raises(RuntimeError, match="TAMKEEN_SECRET_KEY"):
        load(monkeypatch, TAMKEEN_ENV="production")


def test_a_laptop_install_keeps_one_generated_secret(monkeypatch, tmp_path):
    first = load(monkeypatch, TAMKEEN_DATA_DIR=str(tmp_path))["SECRET_KEY"]
    second = load(monkeypatch, TAMKEEN_DATA_DIR=str(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_csrf_tokens_do_not_expire_before_the_session():
    config = Config(PROJECT_ROOT)
    config.from_pyfile(str(PROJECT_ROOT / "config.py"))
    assert config["WTF_CSRF_TIME_LIMIT"] is None


def test_a_totp_key_too_short_to_be_a_key_is_refused(monkeypatch):
    with pytest.raises(RuntimeError, match="TAMKEEN_TOTP_KEY"):
        load(monkeypatch, TAMKEEN_TOTP_KEY="password")
    assert load(monkeypatch, TAMKEEN_TOTP_KEY="k" * 32)["TOTP_KEY"] == "k" * 32
    assert load(monkeypatch)["TOTP_KEY"] is None  # then a file in DATA_DIR, made when needed


def test_rate_limits_are_counted_in_redis_when_it_is_configured(monkeypatch):
    assert load(monkeypatch)["RATELIMIT_STORAGE_URI"] == "memory://"  # make run, one laptop
    redis = "redis://127.0.0.1:6379/0"
    assert load(monkeypatch, TAMKEEN_REDIS_URL=redis)["RATELIMIT_STORAGE_URI"] == redis
    explicit = load(
        monkeypatch, TAMKEEN_REDIS_URL=redis, TAMKEEN_RATELIMIT_STORAGE_URI="memcached://m"
    )
    assert explicit["RATELIMIT_STORAGE_URI"] == "memcached://m"


def test_a_log_format_other_than_text_or_json_is_refused(monkeypatch):
    assert load(monkeypatch)["LOG_FORMAT"] == "text"
    assert load(monkeypatch, TAMKEEN_LOG_FORMAT="JSON")["LOG_FORMAT"] == "json"
    with pytest.raises(RuntimeError, match="TAMKEEN_LOG_FORMAT"):
        load(monkeypatch, TAMKEEN_LOG_FORMAT="xml")
