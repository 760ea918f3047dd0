"""The certificate an association hands out: its logo, the course's hours and outcomes,
the issuer in the certificate's language, a verify link, a bottom block that mirrors in
Arabic, and a sentence that fits anyone."""

import re
import subprocess

import pytest
from pypdf import PdfReader

from tamkeen.certificates import logos
from tamkeen.certificates.codes import format_code
from tamkeen.extensions import db

from ..pdftools import clip_boxes, image_boxes, pdf_text, snapshot
from .helpers import download, logo_png

MM = 72 / 25.4
SIGNATORIES = [{"name": "Nadia El Idrissi", "title": "Director"}, {"name": "Youssef Amrani"}]
OUTCOMES = {
    "ar": ["التمييز بين خطاب الكراهية والنقد المشروع", "كتابة بلاغ إلى منصة رقمية"],
    "fr": ["Distinguer le discours de haine de la critique légitime", "Rédiger un signalement"],
}


def finished_certificate(app, make, language: str, username: str, **kwargs):
    course = make.course(f"Course {language}", language=language, modules=1, lessons=1)
    course.hours, course.outcomes = 6, OUTCOMES[language]  # the factory merges it back
    person = make.user(username)
    return make.certificate(
        person, course, printed_name="Amal Benali", signatories=SIGNATORIES, **kwargs
    )


def bullets_start_the_lines_on_the_right(path):
    """In Arabic each outcome's "•" is right of its first word (WeasyPrint's list markers
    were drawn on the left)."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True, check=True, text=True,
    )  # fmt: skip
    words = [
        (float(x0), float(y0), float(x1), word)
        for x0, y0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
            result.stdout,
        )
    ]
    bullets = [w for w in words if w[3] == "•"]
    assert len(bullets) == len(OUTCOMES["ar"])
    for x0, y0, _x1, _word in bullets:
        beside = [w for w in words if w[3] != "•" and abs(w[1] - y0) < 1]
        assert any(0 < x0 - w[2] < 12 for w in beside)  # the first word, just to its left
        assert not any(0 < w[0] - x0 < 12 for w in beside)  # nothing just to its right


def qr_box(path):
    """The QR code: an inline SVG, clipped to its 24 mm square box."""
    squares = [
        box
        for box in clip_boxes(path)
        if abs((box.x1 - box.x0) - 24 * MM) < 0.5 and abs((box.y1 - box.y0) - 24 * MM) < 0.5
    ]
    assert len(squares) == 1, squares
    return squares[0]


def test_arabic_and_french_certificates_as_printed(app, client, make, auth, tmp_path):
    """One download in each language (layouts are the costly part), checked for each
    point in turn."""
    printed = {}
    for language, username in (("ar", "amal"), ("fr", "anne")):
        certificate = finished_certificate(app, make, language, username)
        auth.login(username)
        printed[language] = (certificate, download(client, certificate, tmp_path))
        auth.logout()
    bottom_block_mirrors_inside_the_frame(printed)
    sentence_fits_anyone(printed)
    hours_outcomes_issuer_and_verify_link(printed)


def bottom_block_mirrors_inside_the_frame(printed):
    ar, fr = qr_box(printed["ar"][1]), qr_box(printed["fr"][1])
    # The frame: A4 landscape, 12 mm page margins; its inner line 2.2 mm inside.
    frame = (12 + 2.2) * MM
    for box in (ar, fr):
        assert box.x0 - frame > 4 * MM and box.page_width - frame - box.x1 > 4 * MM
        assert box.y0 - frame > 3 * MM  # clear of the bottom line too
    assert fr.x0 < fr.page_width / 2 < ar.x0  # at the start of the line: left, right
    assert ar.x0 == pytest.approx(fr.page_width - fr.x1, abs=0.5)  # mirrored, to the point
    assert (ar.y0, ar.y1) == pytest.approx((fr.y0, fr.y1), abs=0.5)
    for language in ("ar", "fr"):  # no logo anywhere: no image
        assert image_boxes(printed[language][1]) == []


def sentence_fits_anyone(printed):
    text = pdf_text(printed["ar"][1])
    assert "تمنح هذه الشهادة إلى Amal Benali لإتمام الدورة" in text.replace("\u064f", "")
    assert "أتم " not in text and "أتمّ" not in text
    text = pdf_text(printed["fr"][1])
    assert "Ce certificat est décerné à Amal Benali pour avoir suivi avec succès le cours" in text
    assert "Date d’achèvement : " in text
    for gendered in ("Terminé", "terminé", " né ", " née "):
        assert gendered not in text


def hours_outcomes_issuer_and_verify_link(printed):
    certificate, path = printed["ar"]
    text = pdf_text(path)
    # pdftotext puts the digit of a mixed line anywhere; the French text reads it whole.
    assert "مدة التدريب" in text and "ساعات" in text
    assert "المهارات المكتسبة:" in text
    for line in OUTCOMES["ar"]:
        assert line in text
    bullets_start_the_lines_on_the_right(path)
    assert "صادرة عن تمكين" in text  # the site's name as Arabic writes it
    url = f"http://localhost/verify/{format_code(certificate.code)}"
    links = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in PdfReader(path).pages[0].get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    assert links == [url]
    snapshot(path, "certificate-ar-finished", dpi=70)
    text = pdf_text(printed["fr"][1])
    assert "Durée de la formation : 6 heures" in text
    assert "Délivré par Tamkeen" in text
    assert "Compétences acquises :" in text
    assert all(f"• {line}" in text for line in OUTCOMES["fr"])


def test_a_cohort_certificate_prints_its_organization_name_and_logo(
    app, client, make, auth, tmp_path
):
    organizer = make.user("org", roles=("organizer",))
    organization = make.organization("Association Tanmia")
    with app.test_request_context():
        name = logos.store_logo(logo_png(), "tanmia.png")
        stored = db.session.merge(organization)
        stored.names, stored.logo = {"ar": "جمعية تنمية"}, name
        logos.set_site_logo(logos.store_logo(logo_png(400, 400), "site.png"))
        db.session.commit()
    course = make.course("دورة", language="ar", modules=1, lessons=1)
    amal = make.user("amal")
    cohort = make.cohort(
        organizer, participants=[amal], courses=[course], organization=organization
    )
    certificate = make.certificate(amal, course, printed_name="أمل")
    assert certificate.cohort_id == cohort.id
    assert certificate.issuer == "جمعية تنمية"
    auth.login("amal")
    path = download(client, certificate, tmp_path)
    assert "صادرة عن جمعية تنمية" in pdf_text(path)
    boxes = image_boxes(path)
    assert len(boxes) == 1 and boxes[0].page == 1
    box = boxes[0]
    assert (box.x1 - box.x0) / (box.y1 - box.y0) == pytest.approx(2, abs=0.05)  # not the square
    assert 0 < box.x0 < box.x1 < box.page_width and 0 < box.y0 < box.y1 < box.page_height
    assert box.x1 - box.x0 <= 34 * MM + 0.5
    assert box.x0 > box.page_width / 2  # the top corner where Arabic starts: the right
    snapshot(path, "certificate-ar-organization-logo", dpi=60)
