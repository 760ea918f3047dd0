"""Uploaded PDFs: recognised by content, refused when they carry active content, and
rewritten without their author metadata before they are stored.

A PDF can run JavaScript, launch programs, open other files and carry attachments. A
trainee downloading a paper from Tamkeen must get a document, nothing else: every object
of the file is walked, and any of the names below, as a key or as a value (an action's
``/S /JavaScript``, an annotation's ``/Subtype /FileAttachment``), refuses the upload.
Actions that only move inside the document or open a web link are allowed.
"""

import hashlib
import io
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from ..private_files import write_private

ACTIVE_NAMES = {
    "/JS": _l("JavaScript"),
    "/JavaScript": _l("JavaScript"),
    "/Launch": _l("an action that launches a program"),
    "/EmbeddedFile": _l("an attached file"),
    "/EmbeddedFiles": _l("an attached file"),
    "/RichMedia": _l("embedded media"),
    "/XFA": _l("an XFA form"),
    "/FileAttachment": _l("an attached file"),
    "/Movie": _l("embedded media"),
    "/Sound": _l("embedded media"),
    "/Rendition": _l("embedded media"),
    "/SubmitForm": _l("a form that sends data"),
    "/ImportData": _l("an action that imports data"),
    "/GoToR": _l("a link that opens another file"),
    "/GoToE": _l("a link that opens another file"),
}
MAX_OBJECTS = 200_000  # a bound on the walk, whatever a crafted file claims
UPLOAD_FOLDER = "papers"


class UploadRefused(ValueError):
    """The upload is not a PDF Tamkeen will serve; ``reason`` says why, for the uploader."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def _active_content(reader: PdfReader):
    """The first active name found in the document, walking every reachable object."""
    stack, seen, steps = [reader.trailer], set(), 0
    while stack:
        steps += 1
        if steps > MAX_OBJECTS:
            raise UploadRefused(_l("The PDF is too complex to check."))
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # streams are dictionaries too
            for name, value in obj.items():
                if name in ACTIVE_NAMES:
                    return ACTIVE_NAMES[name]
                if isinstance(value, NameObject) and value in ACTIVE_NAMES:
                    return ACTIVE_NAMES[value]
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def clean_pdf(data: bytes, title: str) -> bytes:
    """``data`` rewritten without author metadata; UploadRefused if it is not a safe PDF."""
    if not data.lstrip(b"\0\t\n\r ")[:5] == b"%PDF-":
        raise UploadRefused(_l("This file is not a PDF."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(_l("The PDF is encrypted; upload it without a password."))
        if not reader.pages:
            raise UploadRefused(_l("The PDF has no pages."))
        found = _active_content(reader)
        if found:
            raise UploadRefused(_l("The PDF contains %(what)s, which is not allowed.", what=found))
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as error:
        if isinstance(error, UploadRefused):
            raise
        raise UploadRefused(_l("This PDF is damaged and cannot be read.")) from error
    writer.metadata = None  # author, creator, producer, dates
    writer.xmp_metadata = None
    writer.add_metadata({"/Title": title})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def store_pdf(data: bytes) -> tuple[str, int]:
    """Keep cleaned PDF bytes under their hash; returns (file name, size)."""
    name = hashlib.sha256(data).hexdigest() + ".pdf"
    path = upload_folder() / name
    if not path.exists():
        write_private(path, lambda stream: stream.write(data))
    return name, len(data)


def upload_folder() -> Path:
    return Path(current_app.config["DATA_DIR"]) / UPLOAD_FOLDER
