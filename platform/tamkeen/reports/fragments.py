"""The staff pages' content kept between requests: the dashboard's and the participants
table's (under the layout: the cohort's links, its name, the filters, the figures or the
rows, the export form). Never a CSRF token: the export form is rendered with a
placeholder, which each request replaces with its own token.

An entry is found by what its HTML depends on: the cohort, the page's query arguments as
asked (filters, sort, search, page) and the organization remembered in the session when
the arguments name none, the language, the app's URL root. A view that finds one builds
no form at all: the entry was made by a request with the same arguments whose filters
were valid (a request with errors keeps nothing), under the same stamp, so with the same
courses and organizations to choose from. It and used only while the cohort's
stamp (``reports.stamps``) is the one it was made under, and, for the dashboard's "active
in the last 7 days", until the first counted person drops out of the 7 days. A newer
stamp replaces the entry: one entry per cohort and variant.

Per process, bounded (least recently used first out, ``TAMKEEN_REPORT_CACHE_KB`` of text
in all, 0 = no cache); two app servers each keep their own, keyed by the shared stamp.
"""

import secrets
import threading
from collections import OrderedDict
from contextlib import contextmanager
from datetime import datetime

from flask import Flask, current_app, g
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

# What a kept page holds where its form's CSRF token was: never the token itself.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(8)}"


class FragmentCache:
    def __init__(self, limit: int) -> None:
        self.limit = limit  # characters of HTML in all
        self.size = 0
        self.hits = self.misses = 0
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, stamp: int, now: datetime) -> tuple[Markup, object] | None:
        """The kept HTML and what was kept with it, if still right."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp or (entry[1] is not None and now > entry[1]):
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[2], entry[3]

    def put(self, key: tuple, stamp: int, until: datetime | None, html: str, extra=None) -> None:
        if len(html) > self.limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self._entries[key] = (stamp, until, Markup(html), extra)  # noqa: S704  # nosec B704 - rendered here
            self.size += len(html)
            while self.size > self.limit:
                _key, entry = self._entries.popitem(last=False)
                self.size -= len(entry[2])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._entries)


def init_cache(app: Flask) -> None:
    kilobytes = app.config.get("REPORT_CACHE_KB", 16384)
    app.extensions["report_fragments"] = FragmentCache(kilobytes * 1024) if kilobytes else None


def cache() -> FragmentCache | None:
    return current_app.extensions.get("report_fragments")


@contextmanager
def csrf_placeholder():
    """Forms made inside render the placeholder instead of this request's token."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    missing = object()
    saved = g.pop(name, missing)
    setattr(g, name, CSRF_PLACEHOLDER)
    try:
        yield
    finally:
        g.pop(name, None)
        if saved is not missing:
            setattr(g, name, saved)


def with_csrf_token(html: str) -> str:
    if CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(CSRF_PLACEHOLDER, generate_csrf())
