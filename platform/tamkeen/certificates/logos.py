"""Logos printed on certificates: an organization's, or the site's default.

An administrator uploads a PNG or JPEG file. It goes through the same cleaning as a lesson
image (``authoring.image_cleaning``: recognised by its content, metadata removed), must be
what its name says (a ``.png`` that is a JPEG, or a script named ``logo.png``, is refused),
and is shrunk to what a certificate prints (a logo is at most 30 mm wide: 600 pixels is
over 500 dpi). SVG is refused: a drawing can carry scripts and links to other hosts, and
no sanitiser we trust runs here.

The file is kept in the site's file storage (``storage.py``: ``DATA_DIR/logos/``, readable
by the server's account only, or the shared bucket) under a name made of its content's
hash, and the organization (or the site setting) keeps that name. The name is in the
certificate's HTML, so a new logo makes a new cache key: certificates print it from their
next download.
"""

import hashlib
import io
import re
from pathlib import PurePath

from flask_babel import lazy_gettext as _l
from PIL import Image

from .. import storage
from ..authoring.image_cleaning import ImageRefused, clean_image
from ..site_settings import get_setting, set_setting

FOLDER = "logos"
SITE_SETTING = "certificate_logo"
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_SIDE = 600
# What each accepted format may be named, and its file extension once stored.
NAMES = {"image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}
STORED = re.compile(r"^[0-9a-f]{32}\.(png|jpg)$")


def clean_logo(data: bytes, filename: str | None) -> tuple[bytes, str]:
    """The logo as it is stored: (bytes, content type). ImageRefused says why not."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg ") or b"<svg" in data[:512]:
        raise ImageRefused(_l("SVG logos are not accepted: save the logo as PNG."))
    declared = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}.get(suffix)
    if declared is None:
        raise ImageRefused(_l("A logo is a PNG or JPEG file whose name says which it is."))
    if len(data) > MAX_LOGO_BYTES:
        raise ImageRefused(_l("The logo is larger than 2 MB."))
    clean = clean_image(data)
    if Image.open(io.BytesIO(data)).format != declared:
        raise ImageRefused(_l("A logo is a PNG or JPEG file whose name says which it is."))
    data, content_type = clean.data, clean.content_type
    if max(clean.width, clean.height) > MAX_SIDE:
        data = _shrunk(data, content_type)
    return data, content_type


def _shrunk(data: bytes, content_type: str) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if content_type == "image/jpeg":
        image.save(buffer, "JPEG", quality=85, optimize=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def store_logo(data: bytes, filename: str | None) -> str:
    """Clean and keep an uploaded logo; the name to keep (ImageRefused if refused)."""
    clean, content_type = clean_logo(data, filename)
    name = hashlib.sha256(clean).hexdigest()[:32] + NAMES[content_type][0]
    store, key = storage.current(), f"{FOLDER}/{name}"
    if not store.exists(key):
        store.put(key, clean)
    return name


def read_logo(name: str | None) -> tuple[bytes, str] | None:
    """A stored logo's (bytes, content type); None for no name or a file gone missing."""
    if not name or not STORED.match(name):
        return None
    store, key = storage.current(), f"{FOLDER}/{name}"
    if not store.exists(key):
        return None
    return store.get(key), "image/png" if name.endswith(".png") else "image/jpeg"


def site_logo() -> str | None:
    return get_setting(SITE_SETTING)


def set_site_logo(name: str | None) -> None:
    set_setting(SITE_SETTING, name)
