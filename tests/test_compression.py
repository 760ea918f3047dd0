"""Text responses compressed for clients that ask (issue 17): Brotli, else gzip, with
``Vary: Accept-Encoding``; downloads, ranges and other clients get the bytes as they are."""

import gzip
import re

import brotli
import pytest

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database


def without_csrf_tokens(page: bytes) -> bytes:
    """The page without its CSRF tokens: a token holds the second it was signed in, so two
    requests either side of a second differ there (the layout's form writes its own)."""
    return re.sub(rb'(name="csrf_token"[^>]*value=")[^"]*"', rb"\1", page)


def decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    if encoding == "gzip":
        return gzip.decompress(response.data)
    assert encoding is None
    return response.data


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
def test_a_page_is_compressed_as_the_client_asks(client, accept, expected):
    plain = client.get("/courses").data
    response = client.get("/courses", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == expected
    assert "Accept-Encoding" in response.headers["Vary"]
    # The same page, its CSRF token aside (it holds the second it was signed in).
    assert without_csrf_tokens(decoded(response)) == without_csrf_tokens(plain)
    assert b'name="csrf_token"' in plain
    if expected:
        assert len(response.data) < len(plain) / 2


@pytest.mark.parametrize(
    "path", ["/static/css/tamkeen.css", "/static/js/quiz.js", "/static/js/quick-exit.js"]
)
def test_stylesheets_scripts_and_icons_are_compressed(client, path):
    plain = client.get(path)
    assert plain.headers.get("Content-Encoding") is None
    assert "Accept-Encoding" in plain.headers["Vary"]
    for encoding in ("br", "gzip"):
        response = client.get(path, headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert decoded(response) == plain.data
        assert int(response.headers["Content-Length"]) == len(response.data)
        response.close()
    plain.close()


def test_a_compressed_file_still_revalidates(client):
    with client.get("/static/css/tamkeen.css", headers={"Accept-Encoding": "br"}) as first:
        etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get(
        "/static/css/tamkeen.css", headers={"Accept-Encoding": "br", "If-None-Match": etag}
    )
    assert again.status_code == 304 and again.data == b""


def test_a_range_is_sent_as_the_bytes_asked_for(client):
    with client.get("/static/css/tamkeen.css") as response:
        whole = response.data
    with client.get(
        "/static/css/tamkeen.css", headers={"Accept-Encoding": "br", "Range": "bytes=0-99"}
    ) as response:
        assert response.status_code == 206
        assert "Content-Encoding" not in response.headers
        assert response.data == whole[:100]


def test_downloads_go_out_byte_for_byte(client, make):
    paper = make.paper()
    with client.get(f"/papers/{paper.id}/download") as response:
        plain = response.data
    with client.get(f"/papers/{paper.id}/download", headers={"Accept-Encoding": "br"}) as response:
        assert "Content-Encoding" not in response.headers
        assert response.data == plain and plain.startswith(b"%PDF-")


def test_a_drawing_is_compressed_and_a_tiny_one_is_not(app, client):
    drawing = '<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * 100 + "</svg>"

    @app.route("/drawing/<int:rects>")
    def drawing_page(rects):
        body = '<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * rects + "</svg>"
        return body, {"Content-Type": "image/svg+xml"}

    response = client.get("/drawing/100", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert decoded(response) == drawing.encode()
    favicon = client.get("/static/favicon.svg", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in favicon.headers  # 227 bytes: gzip would save nothing
    assert "Accept-Encoding" in favicon.headers["Vary"]
    favicon.close()
