"""Two app servers behind one proxy, as a larger deployment runs them (docs/deploy.md):
two gunicorn processes on different ports, one database (PostgreSQL in `make test`'s
PostgreSQL run), one Redis, one shared DATA_DIR, each as `make run` starts gunicorn with
TAMKEEN_REDIS_URL, TAMKEEN_PROXY_COUNT=1 and JSON logs. Whatever one server does, the other
sees: a session, the rate-limit counts, an uploaded paper.

(The single render of a handbook across servers and the job queue are not built yet.)
"""

import io
import itertools
import json
from pathlib import Path

import pyotp
import pytest
from pypdf import PdfReader, PdfWriter

from tamkeen.extensions import db

from .app_servers import gunicorn, redis_server, stop, wait_for
from .factories import PASSWORD, TOTP_SECRET
from .http_visitor import Visitor, token

SIGN_IN_LIMIT = 10  # a minute, per client (accounts/views.py)
# The servers and this process (whose factories seal the authenticator secrets) share it.
TOTP_KEY = "two-app-servers-test-totp-key-0123456789"
_clients = (f"203.0.113.{n}" for n in itertools.count(10))  # each test a client of its own


@pytest.fixture(scope="module")
def servers(database_url, tmp_path_factory):
    """Two servers' base URLs; their logs are checked when they stop."""
    shared = tmp_path_factory.mktemp("shared-data")
    logs = tmp_path_factory.mktemp("logs")
    with redis_server(tmp_path_factory.mktemp("redis")) as redis_url:
        settings = {"TAMKEEN_REDIS_URL": redis_url, "TAMKEEN_PROXY_COUNT": "1",
                    "TAMKEEN_LOG_FORMAT": "json", "TAMKEEN_TOTP_KEY": TOTP_KEY}  # fmt: skip
        started = []
        try:
            for name in ("a", "b"):
                log = (logs / f"{name}.log").open("w")
                started.append((*gunicorn(database_url, shared, log, **settings), log))
            yield [wait_for(server, port) for server, port, _log in started]
        finally:
            stop(*(server for server, _port, _log in started))
            for _server, _port, log in started:
                log.close()
    check_logs(logs)


def check_logs(folder: Path) -> None:
    """Every line one JSON object; no client address, forwarded or not, anywhere."""
    for path in folder.glob("*.log"):
        text = path.read_text()
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert any(line.get("path") == "/sign-in" for line in lines), path
        assert "203.0.113." not in text and "127.0.0.1" not in text, path


@pytest.fixture
def visitor(servers, app):
    """A person at server A, behind the proxy that names their address."""
    app.config["TOTP_KEY"] = TOTP_KEY
    with app.app_context():  # the servers, not this process, use the database now
        db.session.remove()
        db.engine.dispose()
    return Visitor(servers[0], headers={"X-Forwarded-For": next(_clients)})


def sign_in(visitor: Visitor, first: str, second: str, username: str) -> None:
    """Password on ``first``, the authenticator's code on ``second``."""
    visitor.base = first
    fields = {"csrf_token": token(visitor.get("/sign-in")), "username": username}
    status, url = visitor.post("/sign-in", {**fields, "password": PASSWORD})
    assert status == 200 and url.endswith("/sign-in/code")
    visitor.base = second
    fields = {"csrf_token": token(visitor.get("/sign-in/code"))}
    status, url = visitor.post("/sign-in/code", {**fields, "code": pyotp.TOTP(TOTP_SECRET).now()})
    assert status == 200 and not url.endswith("/sign-in/code"), url


def signed_in(visitor: Visitor, base: str) -> bool:
    visitor.base = base
    return 'action="/sign-out"' in visitor.get("/")


def test_a_session_begun_on_one_server_is_valid_on_the_other(servers, visitor, make):
    a, b = servers
    make.user("tess", roles=("trainee", "trainer"))
    sign_in(visitor, a, b, "tess")
    assert signed_in(visitor, a) and signed_in(visitor, b)
    # Signing out on one ends the session on both (the per-user token is in the database).
    visitor.post("/sign-out", {"csrf_token": token(visitor.get("/"))})
    assert not signed_in(visitor, b) and not signed_in(visitor, a)


def test_the_sign_in_limit_holds_across_servers_when_attempts_alternate(servers, visitor):
    statuses = []
    for base in itertools.islice(itertools.cycle(servers), 3 * SIGN_IN_LIMIT):
        visitor.base = base
        fields = {"csrf_token": token(visitor.get("/sign-in")), "username": "nobody"}
        statuses.append(visitor.post("/sign-in", {**fields, "password": "a guess"})[0])
    answered = [status for status in statuses if status != 429]
    assert len(answered) == SIGN_IN_LIMIT, statuses
    assert set(answered) == {422}  # each a refused sign-in, none a server error


def test_a_paper_uploaded_through_one_server_downloads_from_the_other(servers, visitor, make):
    a, b = servers
    make.user("tess", roles=("trainee", "trainer"))
    sign_in(visitor, a, a, "tess")
    fields = {"csrf_token": token(visitor.get("/papers/new")), "title": "Shared folders",
              "authors": "Tamkeen", "language": "en", "topic": "digital-safety",
              "summary": "Two servers, one library.", "published_on": "2026-11-01"}  # fmt: skip
    status, url = visitor.post("/papers/new", fields, files={"pdf": ("paper.pdf", one_page())})
    assert status == 200 and url.rsplit("/", 1)[-1].isdigit(), url
    visitor.base = b
    downloaded = visitor.download(f"/papers/{url.rsplit('/', 1)[-1]}/download")
    assert len(PdfReader(io.BytesIO(downloaded)).pages) == 1


def one_page() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
