"""Fixtures shared by every test: the app, a clean database, a client that speaks CSRF.

The database is SQLite unless TAMKEEN_TEST_DATABASE_URL names another (``make test`` runs
the suite once on each). Its schema is built once per session by the real migrations;
every test then starts from empty tables.
"""

import hashlib
import ipaddress
import logging
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings as hypothesis_settings
from itsdangerous import URLSafeTimedSerializer
from jinja2 import BytecodeCache
from sqlalchemy import Engine, create_engine, event, make_url, text
from werkzeug.routing import Rule

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.extensions import db

from .factories import NAMED, TOTP_SECRET, Factory, totp_code

# Hypothesis' per-example deadline (200 ms) is a timer: on a loaded machine it fails property
# tests whose properties hold. Speed is measured in bench/, never asserted by a clock here.
hypothesis_settings.register_profile("tamkeen", deadline=None)
hypothesis_settings.load_profile("tamkeen")

SECRET = "test-secret-key-not-for-production"
PASSWORD = "a long enough passphrase"


def _database_url(folder: Path) -> str:
    return os.environ.get("TAMKEEN_TEST_DATABASE_URL") or f"sqlite:///{folder / 'test.sqlite'}"


def _empty_database(url: str) -> None:
    """Drop everything, so the migrations run on a truly empty database."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def app_config(url: str, data_dir: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "DATA_DIR": data_dir,
        "BABEL_DEFAULT_LOCALE": "en",
        "RATELIMIT_ENABLED": False,
        # Cheap hashing: the cost under test is correctness, not brute-force resistance.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "PUBLIC_URL": "http://localhost",
    }


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()}")


# What must never reach a log: the test password, the authenticator secret, anything
# shaped like a recovery code, and IP addresses (looked for independently of the app's
# own scrubber, so that a gap in it fails here).
_SECRETS = re.compile(
    re.escape(PASSWORD)
    + "|"
    + TOTP_SECRET
    + r"|\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b"
)
_ADDRESS_LIKE = re.compile(r"[0-9A-Fa-f]*[.:][0-9A-Fa-f:.]*[0-9A-Fa-f]")


def _bundled_titles() -> set[str]:
    """The bundled courses' titles (course.yaml's ``title:`` line)."""
    titles = set()
    for course_file in (PROJECT_ROOT / "courses").glob("*/course.yaml"):
        for line in course_file.read_text(encoding="utf-8").splitlines():
            if line.startswith("title:"):
                titles.add(line.removeprefix("title:").strip().strip("'\""))
    return titles


_BUNDLED_TITLES = _bundled_titles()


def leaks_in(line: str, named: Iterable[str] = ()) -> list[str]:
    """What ``line`` must not hold: secrets, addresses, and any of the ``named`` course
    titles and people's names."""
    found = _SECRETS.findall(line)
    found += [name for name in named if name in line]
    for token in _ADDRESS_LIKE.findall(line):
        for candidate in (token, token.rpartition(":")[0]):
            try:
                ipaddress.ip_address(candidate)
            except ValueError:
                continue
            found.append(candidate)
            break
    return found


@pytest.fixture(autouse=True)
def logs_hold_no_secrets():
    """Every test: whatever any library logged during it holds no address, no secret, no
    course title and no person's name (the ones the factories made, and the bundled
    courses' titles)."""
    records = _Records()
    root = logging.getLogger()
    root.addHandler(records)
    NAMED.clear()
    yield records
    root.removeHandler(records)
    named = [name for name in NAMED | _BUNDLED_TITLES if len(name) >= 5]
    leaks = [(line, found) for line in records.lines if (found := leaks_in(line, named))]
    assert leaks == [], f"the log holds what it must not: {leaks[:5]}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("db")
    url = _database_url(folder)
    _empty_database(url)
    app = create_app(app_config(url, folder))
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.engine.dispose()
    _TEST_DATABASES.add(make_url(url).render_as_string(hide_password=False))
    return url


_RESET_SEQUENCES = (
    "SELECT setval(pg_get_serial_sequence(c.relname, a.attname), 1, false) "
    "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
    "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace "
    # A column a migration dropped stays in pg_attribute, renamed.
    "AND a.attnum > 0 AND NOT a.attisdropped "
    "AND pg_get_serial_sequence(c.relname, a.attname) IS NOT NULL"
)


def _clear_tables() -> None:
    """Empty every table and restart its ids at 1. On PostgreSQL, DELETE and resetting the
    sequences is several times cheaper than TRUNCATE for tables of a few rows (TRUNCATE
    makes new files for every table and index), and all of it goes to the server as one
    text, one round trip instead of one per table. On SQLite the statements go straight to
    the driver's cursor, in the same transaction."""
    deletes = [f"DELETE FROM {table.name}" for table in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            connection.exec_driver_sql(";\n".join([*deletes, _RESET_SEQUENCES]))
            return
        cursor = connection.connection.driver_connection.cursor()
        for delete in deletes:
            cursor.execute(delete)
        cursor.close()


class _TemplateCodeCache(BytecodeCache):
    """Compiled templates kept for the whole run: every test makes a new app, and parsing
    and compiling the same templates again for each was a tenth of the suite's time.
    Jinja keys each entry by the template's source checksum, so an edit is never missed."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _TemplateCodeCache()


def _share_url_builders() -> None:
    """URL builders made once for the whole run. Werkzeug writes and compiles two small
    Python functions for each URL rule of each new app; with a new app per test, that
    was a third of a plain test's time. A builder depends only on the rule's parsed parts,
    its defaults and whether it appends unknown arguments, and reads everything else from
    the rule it is bound to, so one made for an identical rule of an earlier app is the
    same function."""
    compile_builder = Rule._compile_builder
    built: dict[tuple, object] = {}

    def shared(self: Rule, append_unknown: bool = True):
        key = (tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown)
        if key not in built:
            built[key] = compile_builder(self, append_unknown)
        return built[key]

    Rule._compile_builder = shared


_share_url_builders()


def _share_parsed_rules() -> None:
    """URL rules parsed once for the whole run. Each new app binds its ~150 rules to its
    own map, and binding parses each rule's text into regex parts again: half of making
    an app. The result depends only on the rule's text, its host or subdomain, whether
    slashes merge, and the map's converters and matching mode; an identical rule of an
    earlier app copies it, with converters made for this map (as ``bind`` would make
    them). Rules whose converters are not the standard ones are parsed as before."""
    compile_rule = Rule.compile
    parsed: dict[tuple, tuple] = {}

    def shared(self: Rule) -> None:
        rule_map = self.map
        key = (
            self.rule,
            self.host if rule_map.host_matching else self.subdomain,
            rule_map.host_matching,
            bool(self.merge_slashes),
            tuple(sorted((name, id(cls)) for name, cls in rule_map.converters.items())),
        )
        if key not in parsed:
            compile_rule(self)
            converters = {
                name: (type(c), c.__dict__.copy()) for name, c in self._converters.items()
            }
            parsed[key] = (list(self._parts), list(self._trace), converters, set(self.arguments))
            return
        parts, trace, converters, arguments = parsed[key]
        self._parts = list(parts)
        self._trace = list(trace)
        self._converters = {}
        for name, (cls, state) in converters.items():
            converter = cls.__new__(cls)
            converter.__dict__.update(state)
            converter.map = rule_map
            self._converters[name] = converter
        self.arguments |= arguments
        self._build = self._compile_builder(False).__get__(self, None)
        self._build_unknown = self._compile_builder(True).__get__(self, None)

    Rule.compile = shared


_share_parsed_rules()

# The test database's URL, once the session has migrated it (``database_url``).
_TEST_DATABASES: set[str] = set()


def _share_the_test_engine() -> None:
    """One SQLAlchemy engine for every app on the test database, instead of one per test.

    An engine keeps the SQL it compiled from each statement (the compiled cache is the
    engine's own, keyed by its dialect): with a new engine per test, every test compiled
    every query it ran again, a tenth of a plain test's time. Production keeps one engine
    per process for its whole life, so this is the usual case, not a special one. Only
    engines on the test database with the same options are shared; ``fresh_app`` still
    disposes of its connections when a test ends, and ``configure_engine`` (SQLite's
    pragmas and ``BEGIN IMMEDIATE``) runs once per engine, as in production, instead of
    adding the same listeners again for each app."""
    import tamkeen.database

    make_engine = type(db)._make_engine
    engines: dict[str, Engine] = {}

    def shared(self, bind_key, options, app):
        url = make_url(options["url"]).render_as_string(hide_password=False)
        if bind_key is not None or url not in _TEST_DATABASES:
            return make_engine(self, bind_key, options, app)
        key = repr(sorted((name, repr(value)) for name, value in options.items()))
        if key not in engines:
            engines[key] = make_engine(self, bind_key, options, app)
        return engines[key]

    configure_engine = tamkeen.database.configure_engine
    configured: set[int] = set()

    def configure_once(engine: Engine) -> None:
        if engine in engines.values():
            if id(engine) in configured:
                return
            configured.add(id(engine))
        configure_engine(engine)

    type(db)._make_engine = shared
    tamkeen.database.configure_engine = configure_once


_share_the_test_engine()


@contextmanager
def fresh_app(database_url: str, data_dir: Path, **settings) -> Iterator[Flask]:
    """An app on the test database (``settings`` added to the tests' configuration), whose
    tables are emptied when it is done."""
    app = create_app({**app_config(database_url, data_dir), **settings})
    app.jinja_env.bytecode_cache = _TEMPLATE_CODE
    app.test_client_class = Client
    yield app
    with app.app_context():
        db.session.remove()
        _clear_tables()
        db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path) -> Iterator[Flask]:
    with fresh_app(database_url, tmp_path) as app:
        yield app


class Client(FlaskClient):
    """A test client that adds a valid CSRF token to the forms it posts."""

    def csrf_token(self) -> str:
        """A token for the session's raw token, which is made as Flask-WTF's
        ``generate_csrf`` makes it when the session has none yet (loading a page with a
        form only to have one made cost a page per sign-in)."""
        with self.session_transaction() as session:
            raw = session.get("csrf_token")
            if raw is None:
                raw = session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324  # nosec B324
        serializer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return serializer.dumps(raw)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def make(app) -> Factory:
    return Factory(app)


class Auth:
    def __init__(self, client: Client):
        self.client = client

    def login(self, username: str, password: str = PASSWORD):
        """Sign in, completing the second step for people who have it on."""
        response = self.client.post_form("/sign-in", {"username": username, "password": password})
        assert response.status_code == 302, "sign-in failed"
        if response.headers["Location"].endswith("/sign-in/code"):
            code = totp_code(self.client.application, username)
            response = self.client.post_form("/sign-in/code", {"code": code})
            assert response.status_code == 302, "second sign-in step failed"
        return response

    def logout(self):
        return self.client.post_form("/sign-out")


@pytest.fixture
def failing_app(app):
    """The app with ``/boom/<code>``, which fails with that code (500: an exception), as in
    production: exceptions become error pages."""

    @app.route("/boom/<int:code>")
    def boom(code):
        if code == 500:
            raise RuntimeError("secret internal detail")
        abort(code)

    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def signed_in_trainee(make, auth):
    """Amal, a trainee and nothing else, signed in on ``client``; the person (detached)."""
    amal = make.user("amal")
    auth.login("amal")
    return amal


@pytest.fixture
def count_queries(app):
    """Counts the SQL statements run inside a ``with count_queries() as counter:`` block."""

    class Counter:
        def __init__(self):
            self.statements: list[str] = []

        def __enter__(self):
            event.listen(engine, "before_cursor_execute", self._record)
            return self

        def __exit__(self, *exc):
            event.remove(engine, "before_cursor_execute", self._record)

        def _record(self, conn, cursor, statement, *args):
            if not re.match(
                r"\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA|SAVEPOINT|RELEASE)", statement, re.I
            ):
                self.statements.append(statement)

        @property
        def count(self) -> int:
            return len(self.statements)

    with app.app_context():
        engine = db.engine
    return Counter
