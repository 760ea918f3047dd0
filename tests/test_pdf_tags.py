"""Every PDF Tamkeen prints is tagged (PDF/UA-1), so that a screen reader reads it as it
reads a page: its language, its title, its headings, paragraphs and images in order
(issue 21, "accessibility beyond the automated audit")."""

import pytest

from .pdftools import tagged

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database


def test_a_certificate_is_tagged_with_its_language_title_and_logo_description(client, make, auth):
    course = make.course("حرية التعبير على الإنترنت", language="ar", modules=1, lessons=1)
    amal = make.user("amal")
    certificate = make.certificate(amal, course, printed_name="أمل الإدريسي")
    auth.login("amal")
    with client.get(f"/certificates/{certificate.id}/download") as response:
        reader, tags = tagged(response.get_data())
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert "حرية التعبير على الإنترنت" in reader.metadata.title
    assert "/P" in tags or "/H1" in tags, tags
    figures = [t for t in tags if t == "/Figure"]
    assert figures, tags  # the organization's logo is an image with its description


def test_a_handbook_and_a_paper_are_tagged_with_headings_in_their_language(app, client, make):
    course = make.course("Gérer une association", language="fr", modules=2, lessons=2)
    with client.get(f"/courses/{course.id}/handbook") as response:
        assert response.status_code == 200
        reader, tags = tagged(response.get_data())
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "Gérer une association" in reader.metadata.title
    assert tags.count("/H1") + tags.count("/H2") >= 2, tags

    paper = make.paper("L'expression en ligne et la loi", language="fr")
    with client.get(f"/papers/{paper.id}/download") as response:
        reader, tags = tagged(response.get_data())
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/H2" in tags and "/P" in tags, tags
