"""pdf.py: the one renderer. Only static files load, fonts are checked, output is cached."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tamkeen import pdf

from .pdftools import pdf_text


@pytest.fixture
def listener():
    """A local HTTP server that counts the requests it receives."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_pdfs_load_static_files_and_nothing_else(tmp_path, listener):
    url, hits = listener
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f"""<html><head>
      <link rel="stylesheet" href="pdf/document.css">
      <link rel="stylesheet" href="{secret.as_uri()}">
      <link rel="stylesheet" href="{url}/style.css">
      </head><body><h1>Tamkeen</h1>
      <img src="{url}/tracker.png" alt=""><img src="file:///etc/hostname" alt="">
      <img src="data:image/png;base64,iVBORw0KGgo=" alt=""></body></html>"""
    target = tmp_path / "out.pdf"
    pdf.html_to_pdf(html, target)
    assert hits == []
    assert "Tamkeen" in pdf_text(target)


def test_fetcher_refuses_paths_and_links_that_leave_the_static_folder(tmp_path):
    static = tmp_path / "static"
    (static / "pdf").mkdir(parents=True)
    (static / "pdf" / "ok.css").write_text("h1 {}")
    (tmp_path / "outside.css").write_text("h1 {}")
    (static / "pdf" / "link.css").symlink_to(tmp_path / "outside.css")
    fetcher = pdf.static_files_fetcher(static)
    assert fetcher.fetch((static / "pdf" / "ok.css").as_uri()).read() == b"h1 {}"
    for url in [
        (static / "pdf" / "link.css").as_uri(),
        (tmp_path / "outside.css").as_uri(),
        (static / "pdf" / ".." / ".." / "outside.css").as_uri(),
        "file://otherhost" + str(static / "pdf" / "ok.css"),
        "https://example.org/x.css",
        "data:text/css,h1{}",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_fonts_the_documents_need_are_installed():
    assert pdf.missing_fonts() == []


def test_a_missing_font_is_reported_with_the_package_to_install(app, caplog):
    with caplog.at_level(logging.ERROR):
        missing = pdf.check_fonts(app, ("Noto Sans", "No Such Family Anywhere"))
    assert missing == ["No Such Family Anywhere"]
    assert "No Such Family Anywhere" in caplog.text
    assert "apt-get install fonts-noto-core" in caplog.text


def test_the_same_document_is_rendered_once(app):
    with app.test_request_context():
        stored = pdf.render_pdf("paper.html", **_paper_context("One"))
        first = stored.local_path()  # the folder storage: DATA_DIR/pdf-cache/...
        stamp = first.stat().st_mtime_ns
        again = pdf.render_pdf("paper.html", **_paper_context("One")).local_path()
        other = pdf.render_pdf("paper.html", **_paper_context("Two")).local_path()
    assert first == app.config["DATA_DIR"] / stored.key
    assert again == first and first.stat().st_mtime_ns == stamp
    assert other != first
    assert sorted(p.name for p in first.parent.parent.rglob("*")) == sorted(
        [first.name, other.name, first.parent.name, other.parent.name]
    )  # no temporary file left behind


def _paper_context(title):
    from types import SimpleNamespace

    paper = SimpleNamespace(
        title=title, authors=["Tamkeen"], summary="Short.", topic_label="Advocacy"
    )
    return {
        "paper": paper,
        "language": "en",
        "body": "<p>Body</p>",
        "outline": [],
        "page_url": "http://localhost/papers/1",
        "date": "1 November 2026",
    }


def test_fetcher_serves_the_resources_it_was_handed_and_no_others():
    fetcher = pdf.static_files_fetcher(resources={"/media/7/abc": (b"PNG", "image/png")})
    assert fetcher.fetch("file:///media/7/abc").read() == b"PNG"
    for url in ["file:///media/8/abc", "file://evil/media/7/abc", "https://x/media/7/abc"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
