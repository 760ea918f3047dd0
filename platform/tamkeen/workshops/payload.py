"""The payload inside a workshop file: a zip of JSON files and JSON-lines files, with a
manifest giving each entry's SHA-256 and row count.

Written deterministically (sorted entries, fixed times), so that the same state always
gives the same bytes: a laptop tells "nothing new" by the payload's digest. Read with
bounds (entries, sizes), and every entry checked against the manifest.
"""

import hashlib
import io
import json
import zipfile
from typing import Any

from flask_babel import lazy_gettext as _l

from .container import FileRefused

MAX_ENTRIES = 500
MAX_UNPACKED = 300 * 1024 * 1024
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _line(row: Any) -> bytes:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _encode(name: str, value: Any) -> tuple[bytes, int]:
    if name.endswith(".jsonl"):
        return b"".join(_line(row) + b"\n" for row in value), len(value)
    if name.endswith(".json"):
        return _line(value), 1
    return bytes(value), 1


def build_payload(entries: dict[str, Any], manifest: dict) -> bytes:
    """A zip of ``entries`` (``.jsonl``: a list of rows; ``.json``: one object; other
    names: bytes) and ``manifest.json`` (``manifest`` plus every entry's digest)."""
    files: dict[str, bytes] = {}
    listed = {}
    for name in sorted(entries):
        data, rows = _encode(name, entries[name])
        files[name] = data
        listed[name] = {"sha256": hashlib.sha256(data).hexdigest(), "rows": rows}
    files["manifest.json"] = _line({**manifest, "entries": listed})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def read_payload(data: bytes) -> tuple[dict, dict[str, Any]]:
    """(manifest, entries) of a payload; FileRefused naming the first bad entry."""
    damaged = _l("The file's contents are damaged.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(damaged) from None
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise FileRefused(damaged)
    try:
        raw = {info.filename: archive.read(info) for info in infos}
        manifest = json.loads(raw.pop("manifest.json"))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError):
        raise FileRefused(damaged) from None
    listed = manifest.get("entries") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict) or set(listed) != set(raw):
        raise FileRefused(damaged)
    entries: dict[str, Any] = {}
    for name, content in raw.items():
        expected = listed[name]
        if not isinstance(expected, dict) or (
            hashlib.sha256(content).hexdigest() != expected.get("sha256")
        ):
            raise FileRefused(_l("The file's entry %(name)s is damaged.", name=name))
        try:
            if name.endswith(".jsonl"):
                entries[name] = [json.loads(line) for line in content.splitlines() if line]
            elif name.endswith(".json"):
                entries[name] = json.loads(content)
            else:
                entries[name] = content
        except ValueError:
            raise FileRefused(_l("The file's entry %(name)s is damaged.", name=name)) from None
    return manifest, entries
