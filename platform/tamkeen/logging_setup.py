"""The application's log, which never holds a client's address or a secret from a URL.

Every log record made in the process, whichever library makes it (Werkzeug's request log
names the client first, gunicorn's error log may), has anything that parses as an IPv4 or
IPv6 address replaced before any handler sees it: a record factory, not a handler filter,
so that no handler added later (a test's, a library's) can receive the address either.
(A traceback attached to a record is not scrubbed; the application logs no client data.)
"""

import ipaddress
import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache

from flask import Flask

REMOVED = "[address removed]"
# Candidates only; each is kept unless ``ipaddress`` reads it as an address, so times
# ("11:18:36") and version numbers stay.
_CANDIDATE = re.compile(r"(?<![\w.:])[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:.]*(?![\w.:])")


def _is_address(text: str) -> bool:
    """An address, or an IPv4 address with its port ("192.0.2.7:5000")."""
    host, colon, port = text.rpartition(":")
    candidates = [text, host] if colon and "." in host and port.isdigit() else [text]
    for candidate in candidates:
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            continue
        return True
    return False


# Paths whose next segment is a secret: an invitation, a welcome link, the first
# administrator's link, a certificate's code. Request logs (Werkzeug's, gunicorn's access
# log) print paths, so the segment is removed wherever a path is logged.
# Idempotent: a segment already removed is left as it is.
_SECRET_PATH = re.compile(r"(/(?:join|welcome|setup|verify)/)(?!\[secret removed\])[^/\s\"?]+")


def scrub(text: str) -> str:
    """``text`` with every IP address and every secret path segment replaced."""
    text = _SECRET_PATH.sub(r"\1[secret removed]", text)
    return _CANDIDATE.sub(lambda m: REMOVED if _is_address(m.group()) else m.group(), text)


class ScrubbedRecord(logging.LogRecord):
    """A log record whose message, once its arguments are filled in, holds no address
    (arguments of every type: an exception can quote a URL with an address in it)."""

    def getMessage(self) -> str:
        return scrub(super().getMessage())


@cache
def install_record_scrubber() -> None:
    """Once per process: every new log record is a ``ScrubbedRecord``."""
    make_record = logging.getLogRecordFactory()

    def scrubbing_factory(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if type(record) is logging.LogRecord:
            record.__class__ = ScrubbedRecord
        return record

    logging.setLogRecordFactory(scrubbing_factory)


# What a JSON request line holds, from gunicorn's access-log atoms: never the client's
# address (h), its browser (a) or where it came from (f), which can name a secret link.
ACCESS_FIELDS = {"m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line (TAMKEEN_LOG_FORMAT=json), for a log collector: time (UTC),
    level, logger and message, and for a request its method, path, status, size and
    duration. Every text goes through ``scrub``, the traceback's too."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                line[field] = int(value) if str(value).isdigit() else scrub(str(value))
        if record.exc_info:
            line["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return JsonFormatter()
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


@cache
def _file_handler(path: str, kind: str) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(formatter(kind))
    logging.getLogger().addHandler(handler)
    return handler


def register_logging(app: Flask) -> None:
    install_record_scrubber()
    if app.config.get("LOG_FILE"):
        _file_handler(str(app.config["LOG_FILE"]), app.config.get("LOG_FORMAT", "text"))
        logging.getLogger().setLevel(logging.INFO)
