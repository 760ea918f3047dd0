"""JSON-LD for the credentials, offline and strict.

Four traps of JSON-LD signing (docs/notes/issue-22-research.md, section 2) are closed here:
terms outside the contexts would be dropped silently, hence unsigned (``expand_strict``
refuses them); PyLD writes control characters raw where other implementations escape them
(``clean`` removes them from every string before signing); contexts come only from the
vendored copies (``offline_loader`` refuses every other URL: no network, ever); and
canonicalisation is costly on blank-node-heavy input (``check_shape`` refuses such shapes
and oversized documents before PyLD sees them).
"""

import json
import re
from functools import cache
from typing import Any

from pyld import jsonld

from ... import PROJECT_ROOT

CONTEXTS_DIR = PROJECT_ROOT / "vendor" / "openbadges" / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXT_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
}
CREDENTIAL_CONTEXT = [VC_V2, OB_V3]

# A Tamkeen credential is about 3 KB and its status list under 1 KB; these bound what a
# document handed to ``verify-credential`` (or fetched with --online) may be.
MAX_DOCUMENT_BYTES = 64 * 1024
MAX_NODES = 40  # JSON objects in the whole document (a Tamkeen credential has 9)
MAX_DEPTH = 8
MAX_ARRAY = 50

# U+0000-U+001F except tab, line feed and carriage return, and U+007F: PyLD's N-Quads
# writer leaves them raw, RDFC-1.0 escapes them, so a signature over one would verify here
# and fail in every other verifier.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class JsonLdRefused(ValueError):
    """A document this module will not canonicalise or accept (the message says why)."""


@cache
def _context(url: str) -> dict[str, Any]:
    return json.loads((CONTEXTS_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))


def offline_loader(url: str, options: dict | None = None) -> dict[str, Any]:
    """PyLD's document loader: the vendored contexts, and nothing else."""
    if url not in CONTEXT_FILES:
        raise jsonld.JsonLdError(
            f"refused to load {url}: only the vendored contexts are served",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": _context(url),
    }


def canonize(document: dict[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of ``document``."""
    try:
        return jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": offline_loader,
            },
        )
    except jsonld.JsonLdError as error:
        raise JsonLdRefused(f"cannot canonicalise: {_cause(error)}") from None


def _refuse(prop: Any, *_args: Any, **_kwargs: Any) -> None:
    raise JsonLdRefused(f"the term {prop!r} is not defined by the contexts: it would go unsigned")


def expand_strict(document: dict[str, Any]) -> list[Any]:
    """Expand ``document``, refusing any term the contexts do not define (JSON-LD's
    "safe mode", which PyLD lacks) and any context outside the vendored ones."""
    try:
        return jsonld.expand(
            document, {"documentLoader": offline_loader}, on_property_dropped=_refuse
        )
    except jsonld.JsonLdError as error:
        raise JsonLdRefused(f"not a document these contexts describe: {_cause(error)}") from None


def _cause(error: Any) -> str:
    """The innermost message of a PyLD error (they nest in ``details["cause"]`` or as
    Python's exception cause), naming the refused context when one was."""
    while True:
        details = error.details if isinstance(error.details, dict) else {}
        if "url" in details:
            url = details["url"]
            return f"the context {url} is refused (only the vendored contexts are served)"
        cause = details.get("cause") or error.__cause__ or error.__context__
        if not isinstance(cause, jsonld.JsonLdError):
            return str(error.args[0]) if error.args else str(error.type)
        error = cause


def clean(value: Any) -> Any:
    """``value`` with control characters removed from every string in it."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    return value


def check_shape(document: Any) -> None:
    """Refuse what no Tamkeen credential looks like and what would make canonicalisation
    slow: too many objects (each a blank node unless it has an ``id``), too deep, long
    arrays, and control characters."""
    if not isinstance(document, dict):
        raise JsonLdRefused("not a JSON object")
    nodes = 0

    def walk(value: Any, depth: int) -> None:
        nonlocal nodes
        if depth > MAX_DEPTH:
            raise JsonLdRefused(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            nodes += 1
            if nodes > MAX_NODES:
                raise JsonLdRefused(f"more than {MAX_NODES} objects")
            for key, item in value.items():
                walk(key, depth + 1)
                walk(item, depth + 1)
        elif isinstance(value, list):
            if len(value) > MAX_ARRAY:
                raise JsonLdRefused(f"an array of more than {MAX_ARRAY} items")
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, str) and _CONTROL.search(value):
            raise JsonLdRefused("a control character in a string")

    walk(document, 0)


def parse_document(data: bytes) -> dict[str, Any]:
    """A JSON document read from a file or the network, within the size cap and shape."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise JsonLdRefused(
            f"{len(data)} bytes: larger than {MAX_DOCUMENT_BYTES} (a credential is a few KB)"
        )
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise JsonLdRefused(f"not JSON: {error}") from None
    check_shape(document)
    return document
