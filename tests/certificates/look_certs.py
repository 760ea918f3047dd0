"""Not committed: renders certificates to look at and to measure (time, size)."""

import time

import pytest

from tamkeen.certificates import services
from tamkeen.certificates.models import Certificate
from tamkeen.extensions import db

from ..pdftools import pdf_text, snapshot

TITLES = {
    "ar": "الحق في التعبير على الإنترنت",
    "fr": "Plaidoyer pour les droits",
    "en": "Rights online",
}
NAMES = {"ar": "أمل بنعلي", "fr": "Amal Benali", "en": "Amal Benali"}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_look(app, make, language):
    course = make.course(TITLES[language], language=language, modules=1, lessons=1)
    amal = make.user("amal")
    sig = [
        {"name": "Nadia El Idrissi", "title": "Director"},
        {"name": "Youssef Amrani", "title": ""},
    ]
    cert = make.certificate(
        amal, course, printed_name=NAMES[language], signatories=sig, issuer="Association Tanmia"
    )
    import io

    from PIL import Image, ImageDraw

    from tamkeen.certificates import logos

    img = Image.new("RGB", (900, 450), "white")
    d = ImageDraw.Draw(img)
    d.ellipse((50, 25, 450, 425), fill="#c0392b")
    d.rectangle((480, 150, 860, 300), fill="#2c3e50")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    OUT = {
        "ar": [
            "تحليل خطاب الكراهية على الإنترنت والتمييز بينه وبين النقد المشروع",
            "توثيق الانتهاكات بطريقة تحمي الضحايا",
            "كتابة بلاغ إلى منصة رقمية",
            "تقييم القيود على حرية التعبير وفق الاختبار الثلاثي",
        ],
        "fr": [
            "Distinguer le discours de haine de la critique légitime",
            "Documenter une violation en protégeant les victimes",
            "Rédiger un signalement à une plateforme",
            "Évaluer une restriction selon le test en trois parties",
        ],
        "en": [
            "Tell hate speech from legitimate criticism",
            "Document a violation while protecting victims",
            "Write a report to a platform",
            "Weigh a restriction against the three-part test",
        ],
    }
    with app.test_request_context():
        logos.set_site_logo(logos.store_logo(buf.getvalue(), "logo.png"))
        c = db.session.get(Certificate, cert.id)
        c.hours = 6 if language != "fr" else 1.5
        c.outcomes = OUT[language]
        db.session.commit()
        c = db.session.get(Certificate, cert.id)
        t = time.perf_counter()
        path = services.certificate_pdf(c)
        took = time.perf_counter() - t
    out = snapshot(path, f"look-{language}", dpi=60)
    import shutil

    shutil.copy(path, f"test-output/look-{language}.pdf")
    print(language, f"{took:.2f}s", path.stat().st_size, "bytes")
    print(pdf_text(path))
