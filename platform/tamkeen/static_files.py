"""Static files under addresses that change with their content, cached for a year.

``url_for('static', filename=...)`` gains ``?v=<hash of the file>``, so templates stay as
they are. A request whose ``v`` is the file's current hash is answered with
``Cache-Control: public, max-age=31536000, immutable``: a browser that has the stylesheet
never asks for it again, and a lesson revisited costs its HTML alone. When the file
changes, so does its address, and every page links the new one. Any other request (no
``v``, or an old one) keeps Flask's default, revalidated at each use, so a stale page
never pins a stale file for a year.
"""

import functools
import hashlib
import os
import threading
from typing import Any

from flask import Flask, request
from flask.wrappers import Response

IMMUTABLE = "public, max-age=31536000, immutable"
HASH_LENGTH = 12  # hex digits: 48 bits, plenty to tell versions of one file apart

_versions: dict[str, tuple[tuple[int, int], str]] = {}
_lock = threading.Lock()


def file_version(path: str) -> str | None:
    """The first digits of the file's SHA-256, recomputed only when the file changes."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _versions.get(path)
    if known and known[0] == stamp:
        return known[1]
    with open(path, "rb") as stream:
        version = hashlib.sha256(stream.read()).hexdigest()[:HASH_LENGTH]
    with _lock:
        _versions[path] = (stamp, version)
    return version


def _static_path(app: Flask, filename: str) -> str | None:
    folder = app.static_folder
    if not folder or not filename:
        return None
    return _resolved(folder, filename)


@functools.lru_cache(maxsize=1024)
def _resolved(folder: str, filename: str) -> str | None:
    # Resolved once per name: realpath reads every folder of the path (a page links four
    # or five static files); the file's content is still checked on each use (file_version).
    path = os.path.realpath(os.path.join(folder, filename))
    root = os.path.realpath(folder)
    return path if path.startswith(root + os.sep) else None


def register_static_versions(app: Flask) -> None:
    @app.url_defaults
    def _add_version(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values:
            path = _static_path(app, values.get("filename", ""))
            version = file_version(path) if path else None
            if version:
                values["v"] = version

    @app.after_request
    def _cache_versioned(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        wanted = request.args.get("v")
        path = _static_path(app, (request.view_args or {}).get("filename", ""))
        if wanted and path and wanted == file_version(path):
            response.headers["Cache-Control"] = IMMUTABLE
        return response
