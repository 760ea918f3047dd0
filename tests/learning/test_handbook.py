"""A course as one printable PDF, for workshops without internet."""

import pytest

from tamkeen.extensions import db
from tamkeen.learning.models import Lesson

from ..pdftools import image_boxes, page_count, pdf_text, snapshot


def test_course_page_links_to_its_handbook(client, make):
    course = make.course()
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert f"/courses/{course.id}/handbook" in page


def test_handbook_has_a_cover_contents_and_every_lesson(app, client, make, tmp_path):
    course = make.course("Plaider pour les droits", language="fr", modules=2, lessons=2)
    with app.app_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        lesson.body = (
            "## Le test en trois parties\n\nVoir [la suite](lesson:lesson-2-1).\n\n"
            "::: exercise\nAppliquez le test à un message vu cette semaine.\n:::\n\n"
            "| Étape | Question |\n|---|---|\n| 1 | Prévu par la loi ? |\n"
        )
        db.session.commit()
    with client.get(f"/courses/{course.id}/handbook") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        path = tmp_path / "handbook.pdf"
        path.write_bytes(response.get_data())
    assert "Plaider pour les droits" in pdf_text(path, 1)
    assert "Sommaire" in pdf_text(path, 2) and "Lesson 2.2" in pdf_text(path, 2)
    text = pdf_text(path)
    for title in ("Lesson 1.1", "Lesson 1.2", "Lesson 2.1", "Lesson 2.2"):
        assert title in text
    assert "Exercice" in text and "Prévu par la loi ?" in text
    assert page_count(path) >= 4
    snapshot(path, "handbook-fr-lesson", page=3)


def test_arabic_handbook_reads_right_to_left(app, client, make, tmp_path):
    course = make.course("المناصرة خطوة بخطوة", language="ar", modules=1, lessons=1)
    with app.app_context():
        db.session.get(
            Lesson, course.modules[0].lessons[0].id
        ).body = "## خريطة القوى\n\nارسموا خريطة القوى على ورقة كبيرة."
        db.session.commit()
    with client.get(f"/courses/{course.id}/handbook") as response:
        path = tmp_path / "handbook-ar.pdf"
        path.write_bytes(response.get_data())
    assert "المناصرة خطوة بخطوة" in pdf_text(path, 1)
    assert "ارسموا خريطة القوى على ورقة كبيرة" in pdf_text(path)


def test_a_draft_course_has_no_public_handbook(client, make):
    course = make.course(status="draft")
    assert client.get(f"/courses/{course.id}/handbook").status_code == 404


def test_notes_of_lessons_printed_together_do_not_share_ids():
    from tamkeen.text import render_markdown

    source = "A claim.[^1]\n\n[^1]: Its source."
    first, second = render_markdown(source, doc_id="one"), render_markdown(source, doc_id="two")
    assert 'id="fn-one-1"' in first and 'href="#fn-one-1"' in first
    assert 'id="fn-two-1"' in second


def test_lesson_images_are_printed_in_the_handbook(app, client, make, tmp_path):
    import subprocess

    from tamkeen.authoring import images
    from tamkeen.authoring.image_cleaning import clean_image

    from ..authoring.pictures import drawing

    course = make.course("Mapping power", modules=1, lessons=1)
    with app.app_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        lesson.body = "A map:\n\n![A power map drawn on a flip chart](images/map.png)\n"
        images.store_image(lesson.course, "map.png", clean_image(drawing()))
        db.session.commit()
    with client.get(f"/courses/{course.id}/handbook") as response:
        path = tmp_path / "handbook.pdf"
        path.write_bytes(response.get_data())
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    rows = [line for line in listing.stdout.splitlines()[2:] if line.strip()]
    assert len(rows) == 1 and " 200   100 " in rows[0]  # the drawing, at its own size


def test_handbook_prints_quiz_questions_without_their_answers(app, client, make, tmp_path):
    course = make.course("Rights online", modules=1, lessons=1)
    make.quiz(course, title="Check your understanding")
    with client.get(f"/courses/{course.id}/handbook") as response:
        path = tmp_path / "handbook.pdf"
        path.write_bytes(response.get_data())
    text = pdf_text(path)
    assert "Check your understanding" in pdf_text(path, 2)  # in the contents
    for shown in [
        "Which text first proclaimed the right to seek and impart information?",
        "The Universal Declaration",
        "The 2011 Constitution",
        "Holding an opinion may be restricted by law.",
        "Match each law to its subject.",
        "Access to information",
        "The family",  # the distractor
        "Hold the assembly",
    ]:
        assert shown in text, shown
    for answer in [
        "Yes, article 19.",
        "Much later.",
        "Almost.",
        "8813",
        "Right.",
        "Majorities cannot remove rights.",
        "Article 19 of the Universal",
    ]:
        assert answer not in text, answer  # fmt: skip
    page = next(n for n in range(1, page_count(path) + 1) if "Match each" in pdf_text(path, n))
    snapshot(path, "handbook-quiz", page=page)


CM = 72 / 2.54  # points
MARGIN = 2 * CM  # the pages' inline margins (static/pdf/document.css)


def _handbook_with_big_images(app, client, make, tmp_path, language: str, headings: list[str]):
    """A lesson of headings, each before a 1200-px drawing (the widest an upload keeps),
    so that some pair falls across a page break, then one before a portrait drawing
    taller than a page."""
    from tamkeen.authoring import images
    from tamkeen.authoring.image_cleaning import clean_image

    from ..authoring.pictures import drawing

    course = make.course(f"Big pictures {language}", language=language, modules=1, lessons=1)
    *wide, tall = headings
    with app.app_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        lesson.body = "".join(f"## {title}\n\n![{title}](images/wide.png)\n\n" for title in wide)
        lesson.body += f"## {tall}\n\n![{tall}](images/tall.png)\n"
        images.store_image(lesson.course, "wide.png", clean_image(drawing(1200, 600)))
        images.store_image(lesson.course, "tall.png", clean_image(drawing(600, 1500)))
        db.session.commit()
    with client.get(f"/courses/{course.id}/handbook") as response:
        path = tmp_path / f"handbook-{language}.pdf"
        path.write_bytes(response.get_data())
    return path


FIGURES = {
    "en": ["Figure one", "Figure two", "Figure three", "Figure four", "Figure five", "Tall one"],
    "fr": ["Figure un", "Figure deux", "Figure trois", "Figure quatre", "Figure cinq", "Haute"],
    "ar": [
        "الشكل الأول", "الشكل الثاني", "الشكل الثالث", "الشكل الرابع", "الشكل الخامس",
        "الشكل الطويل",
    ],
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_big_images_fit_the_text_box_with_their_heading(app, client, make, tmp_path, language):
    headings = FIGURES[language]
    path = _handbook_with_big_images(app, client, make, tmp_path, language, headings)
    boxes = image_boxes(path)
    assert len(boxes) == 6
    for box, ratio in zip(boxes, [2, 2, 2, 2, 2, 0.4], strict=True):
        assert box.x0 >= MARGIN - 1 and box.x1 <= box.page_width - MARGIN + 1, box
        assert box.y0 >= 0 and box.y1 <= box.page_height, box
        assert box.y1 - box.y0 > 8 * CM  # scaled down to the page, not to a stamp
        assert abs((box.x1 - box.x0) / (box.y1 - box.y0) - ratio) < 0.02  # proportions kept
    pages = sorted({box.page for box in boxes})
    assert len(pages) >= 4  # some headings met a page break
    for heading, box in zip(headings, boxes, strict=True):  # each on its image's page
        assert heading in pdf_text(path, box.page), (heading, box.page)
    snapshot(path, f"handbook-big-images-{language}", page=pages[-1])
