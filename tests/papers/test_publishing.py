"""Trainers and organizers publish papers in Markdown or as PDFs that are checked first."""

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tamkeen.audit import AuditEvent
from tamkeen.papers.models import PolicyPaper

FIELDS = {
    "title": "Protecting activists' data",
    "authors": "Tamkeen, Réseau des associations",
    "language": "fr",
    "topic": "digital-safety",
    "summary": "Ce que les associations doivent protéger, et comment.",
    "published_on": "2026-11-01",
}


def make_pdf(**extra) -> bytes:
    """A one-page PDF with an author, plus whatever active content ``extra`` asks for."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Amal Benali", "/Creator": "Amal's laptop"})
    if extra.get("javascript"):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"),
             NameObject("/JS"): TextStringObject("app.alert('hi')")}
        )  # fmt: skip
    if extra.get("launch"):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"),
             NameObject("/F"): TextStringObject("calc.exe")}
        )  # fmt: skip
    if extra.get("attachment"):
        writer.add_attachment("payload.exe", b"MZ...")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.fixture
def trainer(make, auth):
    make.user("tess", roles=("trainee", "trainer"))
    auth.login("tess")


def publish(client, url="/papers/new", **data):
    form = dict(FIELDS)
    if "pdf" in data:
        data["pdf"] = (io.BytesIO(data["pdf"]), data.pop("filename", "paper.pdf"))
    form.update(data)
    return client.post_form(url, form, content_type="multipart/form-data")


def test_trainer_publishes_a_paper_written_in_markdown(client, make, trainer):
    response = publish(client, body="## Résumé\n\nProtéger les listes de membres.")
    assert response.status_code == 302
    assert make.count(PolicyPaper) == 1
    assert make.count(AuditEvent, action="paper.published") == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ce que les associations doivent protéger" in page


def test_uploaded_pdf_is_stored_without_its_author(app, client, make, trainer):
    response = publish(client, pdf=make_pdf())
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.get(response.headers["Location"] + "/download") as download:
        reader = PdfReader(io.BytesIO(download.get_data()))
    metadata = reader.metadata or {}
    assert "/Author" not in metadata and "/Creator" not in metadata
    assert metadata.get("/Title") == FIELDS["title"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ({"pdf": b"<html><script>alert(1)</script></html>"}, "This file is not a PDF."),
        ({"pdf": b"MZ\x90\x00 not a document", "filename": "paper.pdf"}, "This file is not a PDF."),
        ({"pdf": b"%PDF-1.7\n garbage without a body"}, "damaged"),
        ({"pdf": make_pdf(javascript=True)}, "JavaScript"),
        ({"pdf": make_pdf(launch=True)}, "launches a program"),
        ({"pdf": make_pdf(attachment=True)}, "attached file"),
        ({"pdf": make_pdf(javascript=True).replace(b"/JavaScript", b"/J#61vaScript")
                 .replace(b"/JS", b"/#4AS")}, "JavaScript"),
    ],
    ids=["html", "executable", "damaged", "javascript", "launch", "attachment", "hex-name"],
)  # fmt: skip
def test_unsafe_or_mislabelled_uploads_are_refused_and_nothing_is_saved(
    app, client, make, trainer, upload, message
):
    response = publish(client, **upload)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert make.count(PolicyPaper) == 0
    assert not (app.config["DATA_DIR"] / "papers").exists()


def test_oversized_upload_is_refused(app, client, make, trainer):
    app.config["PAPER_MAX_BYTES"] = 1024
    response = publish(client, pdf=make_pdf() + b"\n%" + b"x" * 2048)
    assert response.status_code == 422
    assert "larger than" in response.get_data(as_text=True)
    assert make.count(PolicyPaper) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Write the paper or upload it as a PDF."),
        ({"body": "Text", "pdf": make_pdf()}, "not both"),
        ({"body": "Text", "title": ""}, "Enter a title."),
        ({"body": "Text", "topic": "gardening"}, "Not a valid choice"),
        ({"body": "Text", "published_on": "tomorrow"}, "Not a valid date"),
    ],
)
def test_form_errors_are_shown_and_nothing_is_saved(client, make, trainer, data, message):
    response = publish(client, **data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert make.count(PolicyPaper) == 0


def test_editing_keeps_the_uploaded_file_when_no_new_one_is_given(client, make, trainer):
    location = publish(client, pdf=make_pdf()).headers["Location"]
    paper_id = int(location.rsplit("/", 1)[1])
    response = publish(client, url=f"/papers/{paper_id}/edit", title="A better title")
    assert response.status_code == 302
    paper = make.get(PolicyPaper, paper_id)
    assert paper.title == "A better title" and paper.is_uploaded


def test_trainees_cannot_publish(client, make, signed_in_trainee):
    assert client.get("/papers/new").status_code == 403
    assert publish(client, body="Text").status_code == 403
    assert make.count(PolicyPaper) == 0


def test_editing_an_unknown_paper_is_not_found(client, trainer):
    assert client.get("/papers/999999/edit").status_code == 404
