"""Uploaded PDFs: active content is found wherever a crafted file hides it (behind indirect
objects, in escaped names, arrays, annotations, outlines, form fields, object streams), and
ordinary documents with links (WeasyPrint's, Tamkeen's own papers) are still accepted."""

import io

import pytest
from pypdf import PdfReader

from tamkeen.papers.models import PolicyPaper
from tamkeen.papers.uploads import UploadRefused, clean_pdf
from tamkeen.pdf import html_to_pdf

from .crafted_pdfs import ACCEPTED, REFUSED

FIELDS = {
    "title": "Protecting activists' data",
    "authors": "Tamkeen",
    "language": "en",
    "topic": "digital-safety",
    "summary": "What associations must protect, and how.",
    "published_on": "2026-11-01",
}
LINKED_HTML = """<!doctype html><html lang="en"><body>
<h1>Report</h1>
<p><a href="https://example.org/law">The law</a>, <a href="mailto:desk@example.org">write
to us</a>, or read <a href="#part-two">part two</a>.</p>
<h2 id="part-two" style="break-before: page">Part two</h2><p>More text.</p>
</body></html>"""


def test_the_corpus_is_large_enough():
    assert len(REFUSED) >= 20 and len({name for name, *_ in REFUSED}) == len(REFUSED)


@pytest.mark.parametrize(
    ("document", "words"), [pytest.param(doc, words, id=name) for name, doc, words in REFUSED]
)
def test_a_crafted_pdf_with_active_content_is_refused(app, document, words):
    with app.app_context():
        with pytest.raises(UploadRefused) as refused:
            clean_pdf(document.build(), "A paper")
        assert words in str(refused.value.reason)


@pytest.mark.parametrize("document", [pytest.param(doc, id=name) for name, doc in ACCEPTED])
def test_a_harmless_crafted_pdf_is_accepted_with_its_links(app, document):
    with app.app_context():
        cleaned = PdfReader(io.BytesIO(clean_pdf(document.build(), "A paper")))
    original = PdfReader(io.BytesIO(document.build()))
    assert len(cleaned.pages[0].get("/Annots", [])) == len(original.pages[0].get("/Annots", []))


def _weasyprint_pdf() -> bytes:
    output = io.BytesIO()
    html_to_pdf(LINKED_HTML, output)
    return output.getvalue()


def _uris(reader: PdfReader) -> set[str]:
    return {
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }


def test_a_weasyprint_pdf_with_links_is_accepted_and_keeps_them(app):
    with app.app_context():
        cleaned = PdfReader(io.BytesIO(clean_pdf(_weasyprint_pdf(), "Report")))
    assert _uris(cleaned) == {"https://example.org/law", "mailto:desk@example.org"}
    assert len(cleaned.pages) == 2


def _publish(client, **data):
    form = dict(FIELDS)
    if "pdf" in data:
        data["pdf"] = (io.BytesIO(data["pdf"]), "paper.pdf")
    form.update(data)
    return client.post_form("/papers/new", form, content_type="multipart/form-data")


def test_a_paper_tamkeen_printed_can_be_uploaded_again(client, make, auth):
    make.user("tess", roles=("trainee", "trainer"))
    auth.login("tess")
    body = (
        "## Summary\n\nSee [the law](https://example.org/law)[^1].\n\n## Analysis\n\nText.\n\n"
        "[^1]: A note."
    )
    location = _publish(client, body=body).headers["Location"]
    with client.get(location + "/download") as download:
        printed = download.get_data()
    assert printed.startswith(b"%PDF-")
    response = _publish(client, pdf=printed, title="The same paper, uploaded")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert make.count(PolicyPaper) == 2


@pytest.mark.parametrize(
    "name", ["openaction-launch-through-indirect-s", "object-stream-uri-javascript"]
)
def test_a_crafted_upload_is_refused_on_the_page_and_nothing_is_saved(
    app, client, make, auth, name
):
    make.user("tess", roles=("trainee", "trainer"))
    auth.login("tess")
    document = next(doc for crafted, doc, _words in REFUSED if crafted == name)
    response = _publish(client, pdf=document.build())
    assert response.status_code == 422
    assert "which is not allowed" in response.get_data(as_text=True)
    assert make.count(PolicyPaper) == 0
    assert not (app.config["DATA_DIR"] / "papers").exists()
