"""An organization's page (administrators): its name in each language and its logo on
certificates; the site's default logo. A refused file says why and changes nothing."""

import io
import os
import stat

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tamkeen.audit import AuditEvent
from tamkeen.certificates import logos
from tamkeen.cohorts.models import Organization
from tamkeen.extensions import db

from ..certificates.helpers import logo_png


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#0b6b4f").save(buffer, "JPEG")
    return buffer.getvalue()


def noise_png() -> bytes:
    """A PNG over 2 MB: random pixels do not compress."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
REFUSED = {
    "a JPEG named .png": (jpeg, "logo.png", "dont le nom dit lequel"),
    "a script named .png": (lambda: b"#!/bin/sh\necho hi\n" * 20, "logo.png", "PNG, JPEG"),
    "an SVG drawing": (lambda: SVG, "logo.svg", "Les logos SVG ne sont pas acceptés"),
    "an SVG named .png": (lambda: SVG, "logo.png", "Les logos SVG ne sont pas acceptés"),
    "a WebP file": (lambda: b"RIFF\x00\x00\x00\x00WEBPVP8 ", "logo.webp", "dont le nom dit"),
    "over 2 MB": (noise_png, "big.png", "Le logo dépasse 2 Mo."),
}


@pytest.fixture
def organization(app, make):
    organization = make.organization("Association Tanmia")
    with app.test_request_context():
        stored = db.session.merge(organization)
        stored.names, stored.logo = {"ar": "جمعية تنمية"}, logos.store_logo(logo_png(), "a.png")
        db.session.commit()
        return stored.id, stored.logo


def upload(client, url, data: bytes, filename: str, **fields):
    """Encoded in memory, as the test client's spooling of a large file leaks a temp file."""
    form = {"csrf_token": client.csrf_token(), "logo": FileStorage(io.BytesIO(data), filename)}
    boundary, body = encode_multipart({**form, **fields})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_refused_logo_says_why_in_the_page_language_and_changes_nothing(
    app, client, make, auth, organization
):
    make.user("root", roles=("admin",), locale="fr")
    auth.login("root")
    organization_id, logo = organization
    for case, (make_bytes, filename, words) in REFUSED.items():
        response = upload(
            client, f"/organizations/{organization_id}", make_bytes(), filename, name_fr="T"
        )
        assert response.status_code == 422, case
        assert words in response.get_data(as_text=True), case
    with app.app_context():
        stored = db.session.get(Organization, organization_id)
        assert (stored.names, stored.logo) == ({"ar": "جمعية تنمية"}, logo)
        assert (
            db.session.scalar(select(AuditEvent.id).where(AuditEvent.action.like("org%"))) is None
        )
    assert len(list((app.config["DATA_DIR"] / "logos").iterdir())) == 1


def test_the_administrator_sets_names_and_a_logo_kept_private(
    app, client, make, auth, organization
):
    make.user("root", roles=("admin",))
    auth.login("root")
    organization_id, _old = organization
    page = client.get(f"/organizations/{organization_id}").get_data(as_text=True)
    assert 'value="جمعية تنمية"' in page and 'enctype="multipart/form-data"' in page
    response = upload(
        client, f"/organizations/{organization_id}", jpeg(), "Logo.JPG",
        name_ar="جمعية تنمية", name_fr=" Association  Tanmia ", name_en="",
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(Organization, organization_id)
        assert stored.names == {"ar": "جمعية تنمية", "fr": "Association Tanmia"}
        assert stored.logo.endswith(".jpg") and stored.logo != _old
        path = app.config["DATA_DIR"] / "logos" / stored.logo
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert b"Exif" not in path.read_bytes()
    client.post_form(f"/organizations/{organization_id}", {"remove_logo": "y"})
    with app.app_context():
        assert db.session.get(Organization, organization_id).logo is None


def test_the_site_default_logo(app, client, make, auth):
    make.user("root", roles=("admin",), locale="fr")
    auth.login("root")
    refused = upload(client, "/certificates/logo", SVG, "logo.svg")
    assert refused.status_code == 422
    assert "Les logos SVG ne sont pas acceptés" in refused.get_data(as_text=True)
    with app.app_context():
        assert logos.site_logo() is None
    big = Image.new("RGB", (2400, 800), "#0b6b4f")
    buffer = io.BytesIO()
    big.save(buffer, "PNG")
    assert upload(client, "/certificates/logo", buffer.getvalue(), "wide.png").status_code == 302
    with app.app_context():
        name = logos.site_logo()
        data, content_type = logos.read_logo(name)
        assert content_type == "image/png"
        assert Image.open(io.BytesIO(data)).size == (600, 200)  # shrunk to what prints
        assert db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "certificate.default_logo_changed")
        )
    assert "Un logo par défaut est défini." in client.get("/certificates/logo").get_data(
        as_text=True
    )
