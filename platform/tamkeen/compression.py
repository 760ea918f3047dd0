"""Text responses compressed for the clients that ask: Brotli, else gzip.

HTML, CSS, JavaScript, SVG and JSON shrink to a third or less, which on a metered phone
connection is most of a page's cost. A response hook of a few lines rather than
Flask-Compress: the same two encoders (``brotli`` comes with WeasyPrint's font tools), no
settings to learn, and the rules below stated where they apply.

- Only text types, only bodies worth it (``MIN_BYTES``), only whole responses: a range
  (206), an empty body (204, 304), a stream, and every download (an attachment: exports,
  PDFs, uploaded files) go out as they are, byte for byte, resumable.
- ``Vary: Accept-Encoding`` on every text response, compressed or not, so that no cache
  hands a compressed body to a client that did not ask for one.
- A compressed body's ETag becomes weak (as nginx does): the bytes differ, the resource
  does not, and a weak ``If-None-Match`` still earns a 304.
- Static files are compressed once per version and kept (``_static``, a few entries).
"""

import gzip
import threading
from collections import OrderedDict

import brotli
from flask import Flask, Response, request

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "image/svg+xml",
        "application/json",
        "application/manifest+json",
        "text/plain",
    }
)
MIN_BYTES = 512
# Fast settings for text compressed per request: within a few per cent of the best ratio
# at a fraction of the time (Brotli's default, 11, takes ~100 x longer).
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
STATIC_ENTRIES = 64

_static: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
_static_lock = threading.Lock()


def chosen_encoding() -> str | None:
    """``br`` or ``gzip``, whichever the client accepts (Brotli first); None for neither."""
    accepted = request.accept_encodings
    for encoding in ("br", "gzip"):
        if accepted[encoding]:
            return encoding
    return None


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def _compressed_static(response: Response, encoding: str) -> bytes:
    """A static file compressed once per (path, version, encoding)."""
    key = (request.path, response.get_etag()[0] or "", encoding)
    with _static_lock:
        if key in _static:
            _static.move_to_end(key)
            return _static[key]
    response.direct_passthrough = False
    body = compress(response.get_data(), encoding)
    with _static_lock:
        _static[key] = body
        while len(_static) > STATIC_ENTRIES:
            _static.popitem(last=False)
    return body


def _worth_compressing(response: Response) -> bool:
    return (
        response.status_code not in (204, 206, 304)
        and (response.direct_passthrough or not response.is_streamed)  # a file, or in memory
        and "Content-Encoding" not in response.headers
        and not response.headers.get("Content-Disposition", "").startswith("attachment")
        and (response.content_length or 0) >= MIN_BYTES
    )


def compress_response(response: Response) -> Response:
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    encoding = chosen_encoding()
    if encoding is None or not _worth_compressing(response):
        return response
    if response.direct_passthrough:  # a static file: send_file's wrapper
        body = _compressed_static(response, encoding)
    else:
        body = compress(response.get_data(), encoding)
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response


def register_compression(app: Flask) -> None:
    app.after_request(compress_response)
