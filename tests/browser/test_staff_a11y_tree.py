"""The accessibility tree of the trainer's and the administrator's pages, as a screen
reader gets it (Chromium's, through the DevTools protocol): landmarks, one level-1 heading
and no level skipped, the lesson editor's preview a polite live region, and a refused
form's errors focused, announced and tied to their fields (``aria-describedby``)."""

from playwright.sync_api import expect

from tamkeen.accounts.models import User
from tamkeen.audit import record_event
from tamkeen.authoring import images
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.extensions import db
from tamkeen.learning.models import Course

from ..authoring.pictures import drawing
from ..factories import TRUE_FALSE
from .a11y_tree import ax_node, ax_tree, check_refused_form, check_structure, prop, role


def test_trainer_and_administrator_pages_have_landmarks_headings_and_announced_errors(
    app, browser, make
):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    course = make.course("الحق في التعبير", language="ar", owner=rania, modules=1, lessons=1)
    quiz = make.quiz(course, questions=TRUE_FALSE)
    amal = make.user("amal", display_name="Amal B.")
    admin = make.user("admin", roles=("admin",))
    with app.app_context():
        stored = db.session.get(Course, course.id)
        images.store_image(stored, "map.png", clean_image(drawing()))
        record_event(db.session.get(User, admin.id), "course.published", stored)
        db.session.commit()
    lesson = course.modules[0].lessons[0]

    trainer = browser(locale="ar")
    trainer.sign_in("rania", audit=False)
    page = trainer.page
    for path in ("/teach/", f"/teach/courses/{course.id}", f"/teach/quizzes/{quiz.id}"):
        page.goto(path)
        check_structure(page)

    # The lesson editor: the preview is announced when it changes, its headings go on from
    # the page's; the Insert image box's error is announced and describes its field.
    page.goto(f"/teach/lessons/{lesson.id}")
    check_structure(page)
    assert prop(ax_node(page, "#lesson-preview"), "live") == "polite"
    page.fill("#body", "# عنوان\n\n## أولا\n\nفقرة **أولى**.")
    page.click("#preview")
    page.wait_for_selector("#lesson-preview strong")
    check_structure(page)  # the lesson's own "#" heading is not a second level-1 heading
    headings = {n["name"]["value"]: prop(n, "level") for n in ax_tree(page) if role(n) == "heading"}
    assert headings["عنوان"] > headings["معاينة"], headings
    page.click("#insert-image summary")
    page.select_option("#image_choice", "map.png")
    page.click("#insert_image")
    expect(page.locator("#insert-image-errors")).to_be_visible()
    assert role(ax_node(page, "#insert-image-errors")) == "alert"
    alt = ax_node(page, "#image_alt")
    assert prop(alt, "invalid") == "true"
    assert "يُرجى وصف ما تُظهره الصورة" in alt.get("description", {}).get("value", "")
    check_structure(page)

    # A question refused: no prompt, and one choice where two are needed.
    page.goto(f"/teach/quizzes/{quiz.id}/questions/new?kind=single_choice")
    check_structure(page)
    page.fill("[name='choices-0-text']", "نعم")
    with page.expect_navigation():
        page.click("#submit")
    trainer.audit()
    check_structure(page)
    summary = [n for n in ax_tree(page) if role(n) == "alert"]
    assert summary, "the error summary is not an alert"
    check_refused_form(page, {"#prompt": "", "#choices": "2"})

    administrator = browser(locale="en")
    administrator.sign_in("admin", audit=False)
    page = administrator.page
    for path in ("/admin/users", f"/admin/users/{amal.id}", "/admin/audit", "/admin/translations"):
        page.goto(path)
        check_structure(page)
