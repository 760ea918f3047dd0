"""Tamazight (zgh, Tifinagh) as an interface and course language (issue 21): the page says
so, its Tifinagh font comes from Tamkeen and only to Tamazight pages, dates, numbers and
plurals follow the language, and packages, certificates and handbooks work in it."""

import gzip
import re
from datetime import date

from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext
from fontTools.ttLib import TTFont

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db
from tamkeen.i18n import LANGUAGES, TRANSLATIONS_DIR
from tamkeen.learning.models import Course, Lesson

from .authoring.helpers import run_import, write_package
from .pdftools import pdf_fonts, pdf_text, snapshot

ZGH = {"Accept-Language": "zgh"}
TIFINAGH = re.compile("[\u2d30-\u2d7f]")
BUDGET = 30 * 1024  # tests/learning/test_page_weight.py: a lesson page, all it loads
# As long as that test's lesson in words (800), in Tifinagh: three bytes a letter.
LONG_LESSON = (
    "## ⵉⵣⵔⴼⴰⵏ ⵏ ⵓⴱⵏⴰⴷⵎ\n\n"
    + "ⴽⵓ ⴰⴱⵏⴰⴷⵎ ⵖⵓⵔⵙ ⴰⵣⵔⴼ ⴰⴷ ⵉⵙⵙⵉⵡⵍ ⵙ ⵜⵓⵜⵍⴰⵢⵜ ⵏⵏⵙ ⴷ ⴰⴷ ⵉⵍⵎⴷ ⵙⵉⵙ. " * 20
    + "\n\n"
) * 5


def _linked(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_a_tamazight_page_says_its_language_and_offers_it(client):
    html = client.get("/", headers=ZGH).get_data(as_text=True)
    assert '<html lang="zgh" dir="ltr">' in html
    assert 'value="zgh" lang="zgh" aria-current="true">ⵜⴰⵎⴰⵣⵉⵖⵜ</button>' in html
    assert "ⵜⴰⵎⴽⵉⵏ" in html and "Tamazight" not in html  # the brand, in Tifinagh
    assert any(url.startswith("/static/css/tifinagh.css") for url in _linked(html))


def test_the_tifinagh_font_is_loaded_only_by_tamazight_pages(client):
    for language in ("ar", "fr", "en"):
        html = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
        assert "tifinagh" not in html, language
        assert "ⵜⴰⵎⴰⵣⵉⵖⵜ" in html  # the switcher still offers it


def test_the_switcher_remembers_tamazight(client):
    page = client.get("/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]
    client.post("/language", data={"csrf_token": token, "locale": "zgh", "next": "/courses"})
    assert 'lang="zgh"' in client.get("/courses").get_data(as_text=True)


def test_the_font_covers_every_letter_of_the_interface_and_only_tifinagh(client):
    css = client.get("/static/css/tifinagh.css").get_data(as_text=True)
    assert "unicode-range: U+2D30-2D7F" in css
    font_url = "/static/" + re.search(r'url\("\.\./([^"]+)"\)', css)[1]
    with client.get(font_url) as response:
        assert response.status_code == 200
        assert response.mimetype == "font/woff2"
        font_bytes = response.get_data()
    assert len(font_bytes) < 12 * 1024
    path = PROJECT_ROOT / "static" / "fonts" / "tifinagh.woff2"
    cmap = TTFont(path).getBestCmap()
    with (TRANSLATIONS_DIR / "zgh" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        letters = {
            letter
            for message in read_po(handle)
            for text in ([message.string] if isinstance(message.string, str) else message.string)
            for letter in TIFINAGH.findall(text or "")
        }
    assert len(letters) > 30
    assert {ord(letter) for letter in letters} <= set(cmap)
    assert all(code in (0x20, 0xA0, 0x200C, 0x200D) or 0x2D30 <= code <= 0x2D7F for code in cmap)
    assert (PROJECT_ROOT / "static" / "fonts" / "OFL.txt").read_text().count("SIL OPEN FONT") == 1


def _gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def test_a_tamazight_lesson_with_its_font_stays_within_the_page_budget(app, client, make, auth):
    course = make.course("ⴰⵙⵍⵎⴷ ⵏ ⵉⵣⵔⴼⴰⵏ", language="zgh")
    lesson = course.modules[0].lessons[0]
    # (after enrolling: enrol merges the factory's course, old lesson bodies included)
    make.enrol(make.user("tiziri", locale="zgh"), course)
    with app.app_context():
        db.session.get(Lesson, lesson.id).body = LONG_LESSON
        db.session.commit()
    auth.login("tiziri")
    page = client.get(f"/courses/{course.id}/lessons/{lesson.id}")
    html = page.get_data()
    assert b'lang="zgh"' in html and "ⵉⵙⵙⵉⵡⵍ".encode() in html
    assert len(LONG_LESSON.split()) > 800
    total = _gzipped(html)
    assets = set(_linked(html.decode()))
    css = client.get("/static/css/tifinagh.css").get_data(as_text=True)
    assets.add("/static/" + re.search(r'url\("\.\./([^"]+)"\)', css)[1])
    for url in assets:
        with client.get(url) as asset:
            assert asset.status_code == 200, url
            body = asset.get_data()
            # woff2 is compressed already: counted as it travels
            total += len(body) if url.endswith(".woff2") else _gzipped(body)
    assert total < BUDGET, f"{total} bytes"


def test_a_course_saved_for_offline_in_tamazight_keeps_its_font(app, make):
    from tamkeen.offline.services import saved_course_urls

    course = make.course()
    person = make.user("tiziri")
    for language, expected in (("zgh", True), ("fr", False)):
        with app.test_request_context(headers={"Accept-Language": language}):
            urls = saved_course_urls(person, db.session.get(Course, course.id))
            assert ("/static/fonts/tifinagh.woff2" in urls) is expected, language
            assert any(u.startswith("/static/css/tifinagh.css") for u in urls) is expected


def test_dates_numbers_and_plurals_in_tamazight(app):
    from tamkeen.numbers import short_number
    from tamkeen.pdf import print_date

    assert print_date(date(2026, 12, 6), "zgh") == "6 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026"
    with app.test_request_context(headers=ZGH), force_locale("zgh"):
        assert short_number(12345.5) == "12\u00a0345,5"  # a no-break space
        one = ngettext("%(num)d question", "%(num)d questions", 1)
        two = ngettext("%(num)d question", "%(num)d questions", 2)
    assert one == "1 ⵓⵙⵇⵙⵉ" and two == "2 ⵉⵙⵇⵙⵉⵜⵏ"


def test_a_course_package_may_be_in_tamazight(app, make, tmp_path):
    package = write_package(tmp_path / "zgh", slug="sample-zgh", language="zgh")
    result = run_import(app, package)
    assert result.exit_code == 0, result.output
    assert make.count(Course, slug="sample-zgh", language="zgh") == 1


def test_an_unknown_language_names_the_ones_that_exist(app, make, tmp_path):
    package = write_package(tmp_path / "kab", slug="sample-kab", language="kab")
    result = run_import(app, package)
    assert result.exit_code != 0
    assert "Unknown language kab; use one of ar, zgh, fr, en." in result.output
    assert make.count(Course) == 0
    assert list(LANGUAGES) == ["ar", "zgh", "fr", "en"]


def test_a_tamazight_certificate_prints_and_extracts_in_tifinagh(client, make, auth, tmp_path):
    course = make.course("ⴰⵙⵍⵎⴷ ⵏ ⵉⵣⵔⴼⴰⵏ ⴳ ⵓⵥⵟⵟⴰ", language="zgh", modules=1, lessons=1)
    tiziri = make.user("tiziri")
    certificate = make.certificate(tiziri, course, printed_name="ⵜⵉⵣⵉⵔⵉ ⴰⵎⴰⵣⵉⵖ")
    auth.login("tiziri")
    with client.get(f"/certificates/{certificate.id}/download") as response:
        assert response.status_code == 200
        path = tmp_path / "certificate-zgh.pdf"
        path.write_bytes(response.get_data())
    text = pdf_text(path)
    for words in ("ⴰⴳⵔⴷⴰⵙ ⵏ ⵓⵙⵎⴷ", "ⵜⵉⵣⵉⵔⵉ ⴰⵎⴰⵣⵉⵖ", "ⴰⵙⵍⵎⴷ ⵏ ⵉⵣⵔⴼⴰⵏ ⴳ ⵓⵥⵟⵟⴰ", "ⵉⵜⵜⵓⵙⵎⴷ ⴳ"):
        assert words in text, words
    assert re.search(r"\d+ [\u2d30-\u2d7f]+ \d{4}", text)  # the date, Tifinagh month
    assert "Noto-Sans-Tifinagh" in pdf_fonts(path)
    snapshot(path, "certificate-zgh", dpi=60)


def test_a_tamazight_handbook_extracts_in_tifinagh(app, client, make, tmp_path):
    course = make.course("ⴰⴷⵍⵉⵙⴼⵓⵙ ⵏ ⵓⵏⵍⵎⴰⴷ", language="zgh", modules=1, lessons=1)
    with app.app_context():
        db.session.get(
            Lesson, course.modules[0].lessons[0].id
        ).body = "## ⵜⴰⵣⵓⵏⵜ ⵜⴰⵎⵣⵡⴰⵔⵓⵜ\n\nⴽⵓ ⴰⴱⵏⴰⴷⵎ ⵖⵓⵔⵙ ⴰⵣⵔⴼ ⴰⴷ ⵉⵙⵙⵉⵡⵍ.\n"
        db.session.commit()
    with client.get(f"/courses/{course.id}/handbook") as response:
        assert response.status_code == 200
        path = tmp_path / "handbook-zgh.pdf"
        path.write_bytes(response.get_data())
    text = pdf_text(path)
    assert "ⴰⴷⵍⵉⵙⴼⵓⵙ ⵏ ⵓⵏⵍⵎⴰⴷ" in pdf_text(path, 1)
    assert "ⵜⵓⵎⴰⵢⵉⵏ" in text  # "Contents", from the zgh catalogue
    assert "ⵜⴰⵣⵓⵏⵜ ⵜⴰⵎⵣⵡⴰⵔⵓⵜ" in text and "ⴽⵓ ⴰⴱⵏⴰⴷⵎ ⵖⵓⵔⵙ ⴰⵣⵔⴼ ⴰⴷ ⵉⵙⵙⵉⵡⵍ." in text
    assert "Noto-Sans-Tifinagh" in pdf_fonts(path)
