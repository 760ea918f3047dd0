"""The certificate PDF: right in Arabic, French and Tifinagh, with a QR code that verifies."""

import pytest

from tamkeen.certificates.codes import format_code

from ..pdftools import pdf_fonts, pdf_text, qr_codes, snapshot, word_positions
from .helpers import download


@pytest.fixture
def arabic_certificate(make):
    course = make.course("الحق في التعبير على الإنترنت", language="ar", modules=1, lessons=1)
    amal = make.user("amal")
    return make.certificate(amal, course, printed_name="أمل بنعلي")


def test_arabic_certificate_reads_right_to_left_in_reading_order(
    client, auth, arabic_certificate, tmp_path
):
    auth.login("amal")
    path = download(client, arabic_certificate, tmp_path)
    text = pdf_text(path)
    assert "أمل بنعلي" in text
    assert "الحق في التعبير على الإنترنت" in text
    assert "شهادة إتمام" in text  # the labels are in the course's language
    assert "لإتمام الدورة" in text and "تاريخ الإتمام" in text
    assert "تمكين" in text
    assert "Noto-Sans-Tifinagh" in pdf_fonts(path)  # the brand line's Tifinagh has its glyphs
    png = snapshot(path, "certificate-ar", dpi=110)
    assert qr_codes(png) == [f"http://localhost/verify/{format_code(arabic_certificate.code)}"]


def test_french_certificate_with_a_tifinagh_name_has_every_glyph(client, make, auth, tmp_path):
    course = make.course("Plaidoyer pour les droits", language="fr", modules=1, lessons=1)
    amazigh = make.user("amazigh")
    certificate = make.certificate(amazigh, course, printed_name="ⵜⵉⵍⴻⵍⵍⵉ ⴰⵎⴰⵣⵉⵖ")
    auth.login("amazigh")
    path = download(client, certificate, tmp_path)
    text = pdf_text(path)
    assert "ⵜⵉⵍⴻⵍⵍⵉ ⴰⵎⴰⵣⵉⵖ" in text
    assert "Noto-Sans-Tifinagh" in pdf_fonts(path)
    assert "Certificat de réussite" in text
    assert "Plaidoyer pour les droits" in text
    snapshot(path, "certificate-fr-tifinagh", dpi=60)


def test_mixed_arabic_and_latin_course_title_keeps_its_order(client, make, auth, tmp_path):
    course = make.course("أساسيات Digital Security للجمعيات", language="ar", modules=1, lessons=1)
    amal = make.user("amal")
    certificate = make.certificate(amal, course, printed_name="Amal Benali")
    auth.login("amal")
    path = download(client, certificate, tmp_path)
    assert "Amal Benali" in pdf_text(path)
    # Right to left on the page: the Arabic start, the Latin words (left to right), the end.
    at = word_positions(path)
    assert at["أساسيات"][0] > at["Security"][0] > at["Digital"][0] > at["للجمعيات"][0]
    assert at["أساسيات"][1] == at["Digital"][1] == at["للجمعيات"][1]  # on one line


def test_a_second_download_is_served_from_the_cache(app, client, auth, arabic_certificate):
    auth.login("amal")
    first = client.get(f"/certificates/{arabic_certificate.id}/download")
    first.close()
    cached = list((app.config["DATA_DIR"] / "pdf-cache").rglob("*.pdf"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    with client.get(f"/certificates/{arabic_certificate.id}/download") as second:
        assert second.get_data()[:5] == b"%PDF-"
    assert cached[0].stat().st_mtime_ns == stamp
    assert len(list((app.config["DATA_DIR"] / "pdf-cache").rglob("*.pdf"))) == 1
