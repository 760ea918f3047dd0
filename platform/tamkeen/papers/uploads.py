"""Uploaded PDFs: recognised by content, refused when they carry active content, and
rewritten without their author metadata before they are stored.

A PDF can run JavaScript, launch programs, open other files and carry attachments. A
trainee downloading a paper from Tamkeen must get a document, nothing else: every object
reachable from the trailer is walked, every indirect reference resolved, and the upload is
refused when

- any of the names below is a key, or the value of a key or an array item once resolved
  (an action's ``/S /JavaScript``, an annotation's ``/Subtype 7 0 R`` → ``/FileAttachment``,
  a file specification's ``/EF``);
- an action (the value of ``/A``, ``/OpenAction``, ``/PA``, ``/Next`` or of an ``/AA``
  trigger), or any dictionary whose ``/S`` names an action type, is not one of
  ``ALLOWED_ACTIONS``: moving inside the document (``/GoTo``) and opening a web or mail
  address (``/URI`` to ``http:``, ``https:`` or ``mailto:``, whatever its case, escapes or
  spaces; ``javascript:``, ``file:`` and addresses without a scheme are refused).

pypdf decodes ``#xx`` in names and escapes in strings, and reads object streams, so the
check sees what a viewer sees. The file stored is pypdf's rewrite of what was checked.
"""

import hashlib
import io
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from .. import storage
from ..storage import StoredFile

ACTIVE_NAMES = {
    "/JS": _l("JavaScript"),
    "/JavaScript": _l("JavaScript"),
    "/Launch": _l("an action that launches a program"),
    "/EmbeddedFile": _l("an attached file"),
    "/EmbeddedFiles": _l("an attached file"),
    "/EF": _l("an attached file"),
    "/FileAttachment": _l("an attached file"),
    "/RichMedia": _l("embedded media"),
    "/RichMediaExecute": _l("embedded media"),
    "/3D": _l("embedded media"),
    "/3DD": _l("embedded media"),
    "/Screen": _l("embedded media"),
    "/Movie": _l("embedded media"),
    "/Sound": _l("embedded media"),
    "/Rendition": _l("embedded media"),
    "/XFA": _l("an XFA form"),
    "/SubmitForm": _l("a form that sends data"),
    "/ImportData": _l("an action that imports data"),
    "/GoToR": _l("a link that opens another file"),
    "/GoToE": _l("a link that opens another file"),
    "/GoToDp": _l("a link that opens another file"),
}
ALLOWED_ACTIONS = {"/GoTo", "/URI"}
# Every action type of PDF 2.0 (ISO 32000-2, table 201): a dictionary whose /S names one of
# these is an action wherever it sits.
ACTION_TYPES = {
    "/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound",
    "/Movie", "/Hide", "/Named", "/SubmitForm", "/ResetForm", "/ImportData",
    "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript",
    "/RichMediaExecute",
}  # fmt: skip
ALLOWED_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
ACTION_KEYS = {"/A", "/OpenAction", "/PA", "/Next"}
# What a value is, for the walk: an action, a list of actions (/Next), or triggers (/AA).
PLAIN, ACTION, TRIGGERS = "plain", "action", "triggers"
NOT_ALLOWED_ACTION = _l("an action Tamkeen does not allow")
BAD_LINK = _l("a link that is not a web or email address")
MAX_OBJECTS = 200_000  # a bound on the walk, whatever a crafted file claims
UPLOAD_FOLDER = "papers"


class UploadRefused(ValueError):
    """The upload is not a PDF Tamkeen will serve; ``reason`` says why, for the uploader."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def _resolved(value):
    """``value`` with indirect references followed (a reference may name a reference)."""
    for _ in range(32):
        if not isinstance(value, IndirectObject):
            return value
        value = value.get_object()
    raise UploadRefused(_l("The PDF is too complex to check."))


def _text(value) -> str | None:
    if isinstance(value, ByteStringObject):
        return bytes(value).decode("latin-1")
    if isinstance(value, TextStringObject | str):
        return str(value)
    return None


def _is_safe_address(value) -> bool:
    """A web or mail address, judged as a lenient reader would see it: without the
    spaces and control characters it might skip (``java\tscript:`` is ``javascript:``)."""
    text = _text(_resolved(value))
    if text is None:
        return False
    bare = "".join(c for c in text if not (c.isspace() or unicodedata.category(c)[0] == "C"))
    scheme = SCHEME.match(bare.lower())
    return scheme is not None and scheme.group(1) in ALLOWED_SCHEMES


def _dictionary_problem(obj: DictionaryObject, role: str):
    """What is wrong with this dictionary itself, or None."""
    action = _resolved(obj.get("/S"))
    is_action = role == ACTION or (isinstance(action, NameObject) and action in ACTION_TYPES)
    if is_action and "/S" in obj and action not in ALLOWED_ACTIONS:
        return ACTIVE_NAMES.get(action, NOT_ALLOWED_ACTION)
    if is_action and action == "/URI" and not _is_safe_address(obj.get("/URI")):
        return BAD_LINK
    for name, value in obj.items():
        if name in ACTIVE_NAMES:
            return ACTIVE_NAMES[name]
        value = _resolved(value)
        if isinstance(value, NameObject) and value in ACTIVE_NAMES:
            return ACTIVE_NAMES[value]
    return None


def _children(obj, role: str):
    """(value, role) for each value inside a dictionary or an array."""
    if isinstance(obj, DictionaryObject):  # streams are dictionaries too
        for name, value in obj.items():
            if role == TRIGGERS:
                yield value, ACTION
            else:
                yield value, ACTION if name in ACTION_KEYS else TRIGGERS if name == "/AA" else PLAIN
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield value, role if role == ACTION else PLAIN


def _active_content(reader: PdfReader):
    """The first active content found, walking every reachable object; or None."""
    stack, seen, steps = [(reader.trailer, PLAIN)], set(), 0
    while stack:
        steps += 1
        if steps > MAX_OBJECTS:
            raise UploadRefused(_l("The PDF is too complex to check."))
        obj, role = stack.pop()
        if isinstance(obj, IndirectObject):
            # An object reached as an action and as plain data is checked as both.
            key = (obj.idnum, obj.generation, role)
            if key in seen:
                continue
            seen.add(key)
            obj = _resolved(obj)
        if isinstance(obj, NameObject) and obj in ACTIVE_NAMES:
            return ACTIVE_NAMES[obj]
        if isinstance(obj, DictionaryObject):
            problem = _dictionary_problem(obj, role)
            if problem:
                return problem
        stack.extend(_children(obj, role))
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
    """Keep cleaned PDF bytes under their hash in the file storage; returns (file name, size)."""
    name = hashlib.sha256(data).hexdigest() + ".pdf"
    store = storage.current()
    if not store.exists(upload_key(name)):
        store.put(upload_key(name), data)
    return name, len(data)


def upload_key(name: str) -> str:
    """An uploaded paper's key in the storage: ``papers/<sha256>.pdf``, in DATA_DIR for the
    folder storage, as always."""
    return f"{UPLOAD_FOLDER}/{name}"


def uploaded_file(name: str) -> StoredFile:
    return StoredFile(storage.current(), upload_key(name))
