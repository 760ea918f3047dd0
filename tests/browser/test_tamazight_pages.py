"""Tamazight pages in a real browser (issue 21): left to right, the Tifinagh font Tamkeen
serves is one Chromium accepts, and a phone reads a lesson without sideways scrolling.

Screenshots (phone, Tamazight) when TAMKEEN_SHOTS names a folder."""

import os
from pathlib import Path

from tamkeen.extensions import db
from tamkeen.learning.models import Lesson

LESSON = (
    "## ⵉⵣⵔⴼⴰⵏ ⵏ ⵓⴱⵏⴰⴷⵎ\n\n"
    + "ⴽⵓ ⴰⴱⵏⴰⴷⵎ ⵖⵓⵔⵙ ⴰⵣⵔⴼ ⴰⴷ ⵉⵙⵙⵉⵡⵍ ⵙ ⵜⵓⵜⵍⴰⵢⵜ ⵏⵏⵙ ⴷ ⴰⴷ ⵉⵍⵎⴷ ⵙⵉⵙ. " * 6
    + "\n\n- ⵜⴰⵎⵙⵉⵔⵜ\n- ⴰⴽⴰⵢⴰⴷ\n- ⴰⴳⵔⴷⴰⵙ\n"
)


def shoot(page, name: str) -> None:
    folder = os.environ.get("TAMKEEN_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_trainee_reads_a_lesson_in_tamazight_on_a_phone(app, make, browser):
    course = make.course("ⴰⵙⵍⵎⴷ ⵏ ⵉⵣⵔⴼⴰⵏ", language="zgh", modules=1, lessons=2)
    lesson = course.modules[0].lessons[0]
    # (after enrolling: enrol merges the factory's course, old lesson bodies included)
    make.enrol(make.user("tiziri", locale="zgh"), course)
    with app.app_context():
        db.session.get(Lesson, lesson.id).body = LESSON
        db.session.commit()
    person = browser(locale="zgh", viewport={"width": 390, "height": 844})
    page = person.goto("/")
    assert page.evaluate("[document.documentElement.lang, document.dir]") == ["zgh", "ltr"]
    shoot(page, "zgh-home-phone")
    person.sign_in("tiziri")
    page = person.goto(f"/courses/{course.id}/lessons/{lesson.id}")
    assert "ⵉⵣⵔⴼⴰⵏ ⵏ ⵓⴱⵏⴰⴷⵎ" in page.inner_text("main")
    page.evaluate("document.fonts.ready")
    # The page's Tifinagh font is declared, and matches the letters of the page.
    assert page.evaluate("document.fonts.check('16px \"Tamkeen Tifinagh\"', 'ⵜⴰⵎⵙⵉⵔⵜ')")
    family = page.evaluate("getComputedStyle(document.querySelector('main')).fontFamily")
    assert family.startswith('"Tamkeen Tifinagh"')
    # The subset itself, as a device without a Tifinagh font would get it: Chromium
    # decodes it, and it covers the letters.
    status = page.evaluate(
        """async () => {
            const face = new FontFace('Served Tifinagh', 'url(/static/fonts/tifinagh.woff2)');
            await face.load();
            document.fonts.add(face);
            return [face.status, document.fonts.check('16px "Served Tifinagh"', 'ⵜⴰⵎⵙⵉⵔⵜ')];
        }"""
    )
    assert status == ["loaded", True]
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths  # no sideways scrolling
    shoot(page, "zgh-lesson-phone")
    page = person.goto(f"/courses/{course.id}")
    shoot(page, "zgh-course-phone")
