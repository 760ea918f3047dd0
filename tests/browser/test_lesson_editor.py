"""The lesson editor in Arabic with JavaScript: the preview beside the text on a laptop and
below it on a phone, Preview and Insert image without reloading the page (the Markdown at the
cursor), and the page checked by axe-core with the image control open and with its error.

With ``TAMKEEN_SHOTS=<folder>`` the editor is saved there as PNGs, to be looked at."""

from tamkeen.authoring import images
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.extensions import db
from tamkeen.learning.models import Course

from ..authoring.pictures import drawing
from .helpers import shoot

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
BOXES = """() => {
    const box = s => document.querySelector(s).getBoundingClientRect();
    const form = box('form.editor'), preview = box('section.preview');
    return {form: [form.left, form.right, form.top, form.bottom],
            preview: [preview.left, preview.right, preview.top, preview.bottom],
            page: document.documentElement.scrollWidth};
}"""


def test_the_editor_previews_and_inserts_images_in_place_in_arabic(app, browser, make):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    course = make.course("الحق في التعبير", language="ar", modules=1, lessons=1, owner=rania)
    with app.app_context():
        images.store_image(db.session.get(Course, course.id), "map.png", clean_image(drawing()))
        db.session.commit()
    lesson = course.modules[0].lessons[0]
    trainer = browser(locale="ar")
    trainer.sign_in("rania")
    trainer.page.set_viewport_size(LAPTOP)
    page = trainer.goto(f"/teach/lessons/{lesson.id}")
    page.evaluate("() => { window.notReloaded = true; }")

    # Preview without reloading: the button asks the server, the page stays.
    page.fill("#body", "## أولا\n\nفقرة **أولى**.\n\nفقرة ثانية.")
    page.click("#preview")
    page.wait_for_selector("#lesson-preview strong:text('أولى')")

    # Insert image: first without a description, then with one, at the cursor.
    page.click("#insert-image summary")
    big = {"name": "big.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8" + bytes(5 << 20)}
    page.set_input_files("#image_file", big)
    page.click("#insert_image")  # refused before it is sent: spare a slow connection
    page.wait_for_selector("#insert-image-errors:text('أكبر من 5 ميغابايت')")
    page.set_input_files("#image_file", [])
    page.select_option("#image_choice", "map.png")
    page.click("#insert_image")
    page.wait_for_selector("#insert-image-errors:text('يُرجى وصف ما تُظهره الصورة')")
    assert page.get_attribute("#image_alt", "aria-invalid") == "true"
    trainer.audit()  # the control open, with its error
    shoot(page, "editor-image-error-1366")
    page.evaluate(
        "() => { const body = document.querySelector('#body');"
        " const at = body.value.indexOf('فقرة ثانية'); body.setSelectionRange(at, at); }"
    )
    page.fill("#image_alt", "خريطة المغرب")
    page.click("#insert_image")
    page.wait_for_selector("#insert-image-status:text('موضع المؤشّر')")
    body = page.input_value("#body")
    assert body == "## أولا\n\nفقرة **أولى**.\n\n![خريطة المغرب](images/map.png)\n\nفقرة ثانية."
    page.wait_for_selector("#lesson-preview img[alt='خريطة المغرب']")  # the live preview
    assert page.evaluate("() => window.notReloaded") is True
    assert page.evaluate("() => document.activeElement.id") == "body"

    # On a laptop the preview sits beside the text (on its left in Arabic), in view.
    laptop = page.evaluate(BOXES)
    assert laptop["preview"][1] <= laptop["form"][0]  # preview's right edge ≤ form's left
    assert laptop["preview"][2] < laptop["form"][3] and laptop["page"] <= LAPTOP["width"]
    page.click("#insert-image summary")  # open again, for the picture
    trainer.audit()
    page.evaluate("() => window.scrollTo(0, 0)")
    shoot(page, "editor-1366")

    # On a phone, below the text, and nothing wider than the screen.
    page.set_viewport_size(PHONE)
    phone = page.evaluate(BOXES)
    assert phone["preview"][2] >= phone["form"][3] and phone["page"] <= PHONE["width"]
    shoot(page, "editor-390")
