"""The one place that turns a template into a PDF (WeasyPrint).

A PDF is a Jinja template from ``templates/pdf/`` rendered to HTML, then laid out by
WeasyPrint. Three rules hold for every document:

- WeasyPrint may read only the application's own static files: its URL fetcher refuses the
  network, ``data:`` and every ``file:`` path outside ``static/``. A trainer's Markdown or a
  trainee's chosen name can therefore never make the server fetch anything.
- The fonts the documents need (Arabic, Latin, Tifinagh) are checked when the app starts,
  with a message that says which Debian package to install, because a missing font does not
  fail: it prints empty boxes.
- The output is cached in ``pdf-cache/`` of the file storage (``storage.py``: DATA_DIR, or
  an S3 bucket every app server shares) under a hash of everything that shapes it
  (the HTML, the static files it may load, WeasyPrint's version), so the same document is
  laid out once and later downloads are a file read. A long document (a course's handbook)
  is keyed instead by its content as stored (``cached_pdf``: ids, sources, timestamps) and
  this code's version, so that a cached download renders no HTML at all.
- One layout per document at a time: concurrent first requests for it wait for the first
  one's file (``locks.single``: across app servers with Redis, across one machine's workers
  without). Layouts run in a small pool of processes of their own (``PDF_PROCESSES``, each
  replaced after ``PDF_LAYOUTS_PER_PROCESS`` layouts): WeasyPrint never holds a web
  worker's interpreter, at most that many documents are laid out at once, and the memory a
  layout leaves behind goes with its process. ``PDF_PROCESSES = 0`` lays out in the worker
  itself, one document at a time (``RENDER_SLOTS``).
- A document that names a person (a certificate) is cached in that person's own folder,
  ``people/<user id>/``, which their erasure deletes (``forget_owner``); ``purge_cache``
  removes files unused for a while, and ``purge_unfinished`` the temporary files of
  layouts a killed worker never finished.
"""

import functools
import hashlib
import io
import logging
import mimetypes
import multiprocessing
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from babel.dates import format_date
from flask import Flask, current_app, has_app_context, render_template

from . import PROJECT_ROOT, storage
from .locks import single
from .storage import StoredFile

log = logging.getLogger(__name__)
STATIC_ROOT = PROJECT_ROOT / "static"
# The stylesheets and images PDFs load; their contents are part of every cache key.
PDF_ASSETS = STATIC_ROOT / "pdf"
REQUIRED_FONTS = ("Noto Sans", "Noto Naskh Arabic", "Noto Sans Tifinagh")
FONT_PACKAGE = "fonts-noto-core"
CACHE_FOLDER = "pdf-cache"
# Layouts one process runs at once when it lays out itself (PDF_PROCESSES = 0). WeasyPrint
# holds the interpreter while it lays out, so every layout more slows every other page of
# the worker; the rest wait their turn.
RENDER_SLOTS = 1
# The pool's size and how many layouts each of its processes makes before it is replaced,
# when no app is there to say (config.py: TAMKEEN_PDF_PROCESSES, ..._LAYOUTS_PER_PROCESS).
PDF_PROCESSES = 1
PDF_LAYOUTS_PER_PROCESS = 25
_render_slots = threading.BoundedSemaphore(RENDER_SLOTS)
# Layouts this process has made: WeasyPrint keeps ~0.4 MiB of each (fonts, caches), so
# tools/gunicorn.conf.py replaces a worker after a number of them.
_layouts = 0
# Dates print as people in Morocco write them: Western digits, local month names.
# Tamazight: Babel's zgh_MA (CLDR), Tifinagh month names ("6 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026").
DATE_LOCALES = {"ar": "ar_MA", "zgh": "zgh_MA", "fr": "fr_MA", "en": "en_GB"}


def print_date(day: date | datetime, language: str) -> str:
    """A date as a printed document in ``language`` writes it."""
    if isinstance(day, datetime):
        day = day.date()
    return format_date(day, format="long", locale=DATE_LOCALES.get(language, "en"))


def print_month(day: date | datetime, language: str) -> str:
    """A month as a printed document in ``language`` writes it: "décembre 2026"."""
    return format_date(day, format="LLLL y", locale=DATE_LOCALES.get(language, "en"))


def _weasyprint():
    # Imported on first use: loading Pango costs a third of a second that most requests
    # (and most `flask` commands) never need.
    import weasyprint

    return weasyprint


@functools.cache
def _matched_families(families: tuple[str, ...]) -> list[str]:
    """The family fontconfig actually picks for each family asked for (asked once per
    process: after installing fonts, restart the server)."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = ffi.gc(fontconfig.FcInitLoadConfigAndFonts(), fontconfig.FcConfigDestroy)
    matched = []
    for family in families:
        pattern = ffi.gc(fontconfig.FcPatternCreate(), fontconfig.FcPatternDestroy)
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        match = fontconfig.FcFontMatch(config, pattern, ffi.new("FcResult *"))
        value = ffi.new("FcChar8 **")
        name = ""
        if match != ffi.NULL:
            match = ffi.gc(match, fontconfig.FcPatternDestroy)
            if fontconfig.FcPatternGetString(match, b"family", 0, value) == 0:
                name = ffi.string(value[0]).decode()
        matched.append(name)
    return matched


def missing_fonts(families: tuple[str, ...] = REQUIRED_FONTS) -> list[str]:
    """The font families PDFs need that this machine does not have."""
    matched = _matched_families(families)
    return [f for f, m in zip(families, matched, strict=True) if m.casefold() != f.casefold()]


def font_message(missing: list[str]) -> str:
    return (
        f"PDF fonts missing: {', '.join(missing)}. Certificates, papers and handbooks would "
        f"print empty boxes instead of Arabic or Tifinagh letters. On Debian, install them "
        f"with: sudo apt-get install {FONT_PACKAGE}  (make run and make test do it)."
    )


def check_fonts(app: Flask, families: tuple[str, ...] = REQUIRED_FONTS) -> list[str]:
    """Log a clear message at start-up when a PDF font is missing; return the missing ones."""
    missing = missing_fonts(families)
    if missing:
        app.logger.error(font_message(missing))
    return missing


# Files a document brings with it (a lesson's images, kept in the database): the URL path
# the HTML uses, mapped to (bytes, content type). Nothing else outside static/ is served.
Resources = dict[str, tuple[bytes, str]]


@functools.cache
def _static_fetcher_class():
    """A WeasyPrint URL fetcher that serves only files under a folder (``static/``), and
    the resources the caller handed over.

    Everything else (http, https, ftp, data, file: elsewhere, symbolic links that lead out
    of the folder) fails, and WeasyPrint leaves the resource out.
    """
    weasyprint = _weasyprint()

    class StaticFilesOnly(weasyprint.URLFetcher):
        def __init__(self, root: Path, resources: Resources | None = None):
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.root = root.resolve()
            self.resources = resources or {}

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            local = parts.scheme == "file" and parts.netloc in ("", "localhost")
            if local and parts.path in self.resources:
                data, content_type = self.resources[parts.path]
                return weasyprint.urls.URLFetcherResponse(url, data, {"Content-Type": content_type})
            path = Path(url2pathname(parts.path)).resolve()
            if not local or not path.is_relative_to(self.root) or not path.is_file():
                raise ValueError(f"PDFs may load only static files, not {url[:80]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
            )

    return StaticFilesOnly


def static_files_fetcher(root: Path = STATIC_ROOT, resources: Resources | None = None):
    return _static_fetcher_class()(root, resources)


_fingerprints: dict[tuple, str] = {}


def _assets_fingerprint() -> str:
    """A hash of the static files PDFs load, recomputed only when one of them changes."""
    files = sorted(p for p in PDF_ASSETS.rglob("*") if p.is_file())
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if stamp not in _fingerprints:
        digest = hashlib.sha256()
        for path in files:
            digest.update(str(path.relative_to(STATIC_ROOT)).encode())
            digest.update(path.read_bytes())
        _fingerprints.clear()
        _fingerprints[stamp] = digest.hexdigest()
    return _fingerprints[stamp]


def cache_key(html: str) -> str:
    from importlib.metadata import version

    digest = hashlib.sha256()
    for part in (version("weasyprint"), _assets_fingerprint(), html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A hash of the code and words that turn stored content into a document: the package's
    Python, the templates and the compiled translations (read once: they change only with a
    new release, which restarts the server)."""
    digest = hashlib.sha256()
    package = PROJECT_ROOT / "platform" / "tamkeen"
    files = [
        *package.rglob("*.py"),
        *package.rglob("*.mo"),
        *(PROJECT_ROOT / "templates").rglob("*"),
    ]
    for path in sorted(p for p in files if p.is_file()):
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_key(template: str, content: Iterable[Any]) -> str:
    """The cache key of a document known by what it shows rather than by its HTML."""
    from importlib.metadata import version

    from flask_babel import get_locale

    from .addresses import public_url

    digest = hashlib.sha256()
    parts = (version("weasyprint"), _assets_fingerprint(), code_fingerprint(), template)
    # The address its links start with: a workshop laptop reached at two addresses (or a
    # server's name and its LAN address) prints each its own copy.
    site = (public_url(), current_app.config.get("VERIFY_URL", ""))
    for part in (*parts, str(get_locale()), *site, *content):
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def html_to_pdf(
    html: str,
    target: Path | Any,
    resources: Resources | None = None,
    prepare: Callable[[str], str] | None = None,
) -> None:
    """Lay out ``html`` with WeasyPrint, loading only static files and ``resources``, in the
    layout pool (``PDF_PROCESSES`` at once), or in this process one at a time.
    ``prepare`` (a module-level function: it travels to the pool) changes the HTML in the
    layout process first, for work that needs WeasyPrint (``reports/pdf_table.py``)."""
    global _layouts
    settings = current_app.config if has_app_context() else {}
    processes = settings.get("PDF_PROCESSES", PDF_PROCESSES)
    if processes:
        per_process = settings.get("PDF_LAYOUTS_PER_PROCESS", PDF_LAYOUTS_PER_PROCESS)
        data, messages, pid = _in_pool(processes, per_process, html, resources, prepare)
        for name, level, message in messages:  # WeasyPrint's warnings, logged here
            logging.getLogger(name).log(level, "%s", message)
    else:
        with _render_slots:
            data = _lay_out(html, resources, prepare)
        pid = os.getpid()
    with _pool_lock:
        _layouts += 1
        _layout_processes[pid] += 1
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def _lay_out(html: str, resources: Resources | None, prepare=None) -> bytes:
    weasyprint = _weasyprint()
    if prepare is not None:
        html = prepare(html)
    fetcher = static_files_fetcher(STATIC_ROOT, resources)
    document = weasyprint.HTML(
        string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=fetcher
    )
    # PDF/UA-1: tagged (headings, paragraphs, tables and images as a screen reader needs
    # them), the language declared, the title shown instead of the file name. Measured on a
    # paper: no slower to lay out, about a fifth larger.
    return document.write_pdf(pdf_variant="pdf/ua-1")


_pool: ProcessPoolExecutor | None = None
_pool_owner: tuple[int, int, int] | None = None  # (pid, processes, layouts per process)
_pool_layouts = 0  # layouts given to the current pool
_pool_lock = threading.Lock()
_layout_processes: Counter[int] = Counter()


def _in_pool(processes: int, per_process: int, html: str, resources: Resources | None, prepare):
    """``_lay_out`` in a process of the pool: the PDF, the log lines it wrote and which
    process it was. A pool whose process died (killed, out of memory) is replaced, and the
    layout tried once more."""
    for attempt in (1, 2):
        future, pool = _submit(processes, per_process, html, resources, prepare)
        try:
            return future.result()
        except BrokenProcessPool:
            _forget_pool(pool)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _submit(processes: int, per_process: int, html: str, resources: Resources | None, prepare):
    """One more layout given to the pool: its future, and the pool. After
    ``processes × per_process`` layouts a new pool takes the next ones and the old one
    ends once its layouts are done: its processes' memory goes with them. (Not
    ``max_tasks_per_child``: on Python 3.11.7 the executor hangs when a process retires
    while layouts wait, reproduced here.)"""
    global _pool, _pool_owner, _pool_layouts
    owner = (os.getpid(), processes, per_process)
    with _pool_lock:
        retired = None
        if _pool is None or _pool_owner != owner or _pool_layouts >= processes * per_process:
            # Spawned, not forked: a fork of a threaded web worker may copy a held lock.
            retired = _pool if _pool_owner and _pool_owner[0] == owner[0] else None
            _pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
            _pool_owner, _pool_layouts = owner, 0
        _pool_layouts += 1
        pool = _pool
        try:  # under the lock: before another thread retires the pool
            future = pool.submit(_pool_task, html, resources, prepare)
        except BrokenProcessPool:  # its process died while it was idle: a new pool
            _pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
            _pool_layouts, pool = 1, _pool
            future = pool.submit(_pool_task, html, resources, prepare)
    if retired is not None:
        retired.shutdown(wait=False)  # its layouts in progress finish first
    return future, pool


def _forget_pool(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None


def layout_processes() -> dict[int, int]:
    """The processes that laid out this worker's documents, and how many each."""
    return dict(_layout_processes)


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.name, record.levelno, record.getMessage()))


def _pool_task(html: str, resources: Resources | None, prepare=None) -> tuple[bytes, list, int]:
    """Run in a layout process: the PDF, WeasyPrint's warnings for the worker's log, and
    which process it was."""
    collected = _Collected()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collected)
    logger.propagate = False  # nothing printed here: the worker logs them
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        return _lay_out(html, resources, prepare), collected.lines, os.getpid()
    finally:
        logger.removeHandler(collected)


def shutdown_pool() -> None:
    """Stop the layout processes (tests, and a worker that exits: they also end with it)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def layouts_done() -> int:
    """How many documents this process has laid out."""
    return _layouts


def _cache_root() -> Path:
    """The cache's folder in DATA_DIR: the folder storage's, and where the disk locks and
    unfinished layouts of either storage lie."""
    return Path(current_app.config["DATA_DIR"]) / CACHE_FOLDER


def _owner_prefix(owner: int) -> str:
    return f"{CACHE_FOLDER}/people/{int(owner)}/"


def _cache_key(key: str, owner: int | None = None) -> str:
    """The document's key in the storage (``storage.py``): ``pdf-cache/ab/ab12....pdf``."""
    folder = CACHE_FOLDER if owner is None else _owner_prefix(owner).rstrip("/")
    return f"{folder}/{key[:2]}/{key}.pdf"


def forget_owner(owner: int) -> None:
    """Delete every cached PDF that names this person; nothing to do is fine."""
    storage.current().delete_prefix(_owner_prefix(owner))
    shutil.rmtree(_cache_root() / "people" / str(int(owner)), ignore_errors=True)


# A temporary file this old is no layout in progress but one a killed worker left: the
# documents the cache keeps (certificates, papers, handbooks) are laid out in seconds.
UNFINISHED_AFTER_SECONDS = 3600


def purge_unfinished() -> int:
    """Delete the temporary files of layouts that never finished; how many went."""
    limit = time.time() - UNFINISHED_AFTER_SECONDS
    removed = 0
    for path in _cache_root().rglob("*.tmp"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # renamed into place or removed meanwhile
            continue
    return removed


class NotCached(LookupError):
    """Raised instead of laying a document out, inside ``only_cached()``."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


_only_cached: ContextVar[bool] = ContextVar("only_cached", default=False)


@contextmanager
def only_cached() -> Iterator[None]:
    """Inside: a document not yet stored raises NotCached (with its key) rather than being
    laid out, so that a request can hand the work to the job queue (``jobs``)."""
    token = _only_cached.set(True)
    try:
        yield
    finally:
        _only_cached.reset(token)


def _render_once(
    key: str, html: Callable[[], str], resources: Callable[[], Resources] | None
) -> StoredFile:
    """The document ``key``, laid out from ``html()`` unless it is stored; concurrent
    callers for one key, on this server or (with Redis) any other, wait for the first
    one's file instead of laying it out again."""
    store = storage.current()
    if store.exists(key):
        return StoredFile(store, key)
    if _only_cached.get():
        raise NotCached(key)
    with single(key, _cache_root().parent / f"{key}.lock"):
        if store.exists(key):
            return StoredFile(store, key)
        started = time.monotonic()
        text = html()
        output = io.BytesIO()
        html_to_pdf(text, output, resources() if resources else None)
        # Stored whole (a renamed file, or one PutObject): a reader never sees half of it.
        # Readable by the server's account only: a certificate names its holder.
        store.put(key, output.getvalue())
        log.info("Laid out %s in %.1f s.", key.rsplit("/", 1)[-1], time.monotonic() - started)
        return StoredFile(store, key)


def purge_cache(older_than_days: int) -> int:
    """Delete cached PDFs not read or written for that many days; how many went."""
    limit = time.time() - older_than_days * 86_400
    store = storage.current()
    removed = 0
    for entry in list(store.listing(f"{CACHE_FOLDER}/")):
        if entry.key.endswith(".pdf") and entry.modified < limit:
            store.delete(entry.key)
            removed += 1
    return removed


def render_pdf(
    template: str,
    *,
    resources: Callable[[], Resources] | None = None,
    owner: int | None = None,
    **context: Any,
) -> StoredFile:
    """The PDF of ``templates/pdf/<template>`` with ``context``, from the cache if there.

    ``resources`` is called only when the PDF must be laid out; they must be addressed by
    their content (the URL changes when the bytes do), since the cache key hashes the HTML,
    not them. ``owner`` is the id of the person the document names, if any. Returns the
    cached file (``storage.StoredFile``), which ``web.send_download`` sends with ranges.
    """
    html = render_template(f"pdf/{template}", **context)
    return _render_once(_cache_key(cache_key(html), owner), lambda: html, resources)


def cached_pdf(
    template: str,
    content: Iterable[Any],
    context: Callable[[], dict[str, Any]],
    *,
    resources: Callable[[], Resources] | None = None,
    owner: int | None = None,
) -> StoredFile:
    """As ``render_pdf``, for a document whose HTML is long to make: the cache is looked up
    by ``content`` (everything stored that the document shows: ids, sources, last-changed
    times; ``repr`` must tell versions apart), and ``context`` is called only to lay it out."""
    key = _cache_key(content_key(template, content), owner)
    return _render_once(key, lambda: render_template(f"pdf/{template}", **context()), resources)


def render_pdf_bytes(
    template: str, *, prepare: Callable[[str], str] | None = None, **context: Any
) -> bytes:
    """The PDF of ``templates/pdf/<template>``, never cached: for personal reports (a
    cohort's progress) that must not stay on the server's disk after the download.
    ``prepare``: as for ``html_to_pdf``."""
    import io

    html = render_template(f"pdf/{template}", **context)
    output = io.BytesIO()
    html_to_pdf(html, output, prepare=prepare)
    return output.getvalue()


def register_pdf(app: Flask) -> None:
    # WeasyPrint reports each layout step at INFO; the server's log is not the place.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    check_fonts(app)
