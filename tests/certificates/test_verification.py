"""Anyone can check a certificate by its code, and learn nothing more than it prints."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen import create_app
from tamkeen.certificates import codes
from tamkeen.certificates.codes import format_code
from tamkeen.extensions import db

from ..conftest import app_config


@pytest.fixture
def certificate(make):
    course = make.course("Rights online", modules=1, lessons=1)
    amal = make.user("amal", display_name="Amal Benali")
    return make.certificate(amal, course, printed_name="A. B.")


def test_valid_certificate_shows_only_what_was_printed(client, certificate):
    response = client.get(f"/verify/{format_code(certificate.code)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Valid" in page and "A. B." in page and "Rights online" in page
    assert "Tamkeen" in page
    assert "amal" not in page and "Amal Benali" not in page
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_code_can_be_typed_in_lower_case_with_spaces(client, certificate):
    typed = " ".join(format_code(certificate.code).lower().split("-"))
    page = client.get("/verify", query_string={"code": typed}).get_data(as_text=True)
    assert "Valid" in page and "A. B." in page


def test_revoked_certificate_verifies_as_revoked(app, client, make, certificate):
    organizer = make.user("org", roles=("organizer",))
    with app.test_request_context():
        from tamkeen.certificates import services
        from tamkeen.certificates.models import Certificate
        from tamkeen.extensions import db

        services.revoke_certificate(
            db.session.get(Certificate, certificate.id), "Never attended", by=organizer
        )
        db.session.commit()
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Revoked" in page and "Valid" not in page
    assert "Never attended" not in page  # the reason stays in the records


def test_unknown_or_mistyped_code_gives_no_hint(client, certificate):
    near = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    for typed in [near, "NOT-A-CODE", "0" * 28]:
        response = client.get(f"/verify/{typed}")
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "No certificate with this code." in page
        assert "A. B." not in page and "Rights online" not in page


def test_holder_who_has_not_chosen_a_name_shows_no_name(client, make):
    certificate = make.certificate(make.user("omar", display_name="Omar"), make.course())
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Not yet chosen by the holder" in page and "Omar" not in page


def test_guessing_codes_is_throttled(database_url, tmp_path):
    config = app_config(database_url, tmp_path) | {"RATELIMIT_ENABLED": True}
    app = create_app(config)
    client = app.test_client()
    try:
        statuses = [client.get(f"/verify/{codes.new_code()}").status_code for _ in range(25)]
        assert statuses[:20] == [404] * 20
        assert statuses[-1] == 429
        assert client.get("/verify", query_string={"code": codes.new_code()}).status_code == 429
    finally:
        with app.app_context():
            db.engine.dispose()


def test_codes_carry_at_least_128_random_bits_without_look_alikes():
    assert codes.BITS >= 128
    assert not set("01ILOU") & set(codes.ALPHABET)
    made = {codes.new_code() for _ in range(1000)}
    assert len(made) == 1000
    assert all(len(format_code(code).split("-")) == 7 for code in made)


@given(st.text(alphabet=codes.ALPHABET, min_size=codes.LENGTH, max_size=codes.LENGTH))
def test_a_formatted_code_normalizes_back_to_itself(code):
    assert codes.normalize_code(format_code(code)) == code
    assert codes.normalize_code(format_code(code).lower()) == code
