"""A trainer in a real browser: the whole authoring path without JavaScript, then the
enhancements (live preview, reordering with the keyboard and by dragging) with it."""

from ..interop.cartridges import canvas, zipped


def _cartridge() -> dict:
    return {"name": "safety.imscc", "mimeType": "application/zip", "buffer": zipped(canvas())}


def _sign_in(person, username):
    return person.sign_in(username)


def test_trainer_writes_and_publishes_a_course_without_javascript(browser, make):
    make.user("rania", roles=("trainee", "trainer"))
    trainer = browser(locale="ar", javascript=False)
    page = _sign_in(trainer, "rania")
    trainer.goto("/teach/courses/new")
    page.fill("#title", "الحق في التعبير")
    page.select_option("#language", "ar")  # the short name left empty: made from the title
    trainer.click("form input[type=submit]")
    assert "alhq-fy-altabyr" in page.locator(".flashes").inner_text()
    assert page.locator("#slug").input_value() == "alhq-fy-altabyr"
    trainer.click("text=إضافة وحدة")
    page.fill("#title", "الأساسيات")
    page.fill("#slug", "basics")
    trainer.click("form input[type=submit]")
    trainer.click("text=إضافة درس إلى هذه الوحدة")
    page.fill("#title", "ما تحميه المادة 19")
    page.fill("#slug", "article-19")
    page.fill("#body", "::: tip\nنص **مهم**.\n:::")
    trainer.click("#preview")  # the Preview button: a server round trip
    assert page.locator("#lesson-preview .callout-tip strong").inner_text() == "مهم"
    trainer.click("#submit")
    trainer.click("text=مخطط الدورة")
    trainer.click("form[action$='/publish'] button")
    assert "منشورة" in page.locator(".status").inner_text()
    trainer.click("text=عرض كمتدرّب")
    assert page.locator("ol.modules").inner_text().count("ما تحميه المادة 19") == 1
    # A Common Cartridge from Canvas, through the same import page: the report, in Arabic.
    trainer.goto("/teach/import")
    page.set_input_files("#package", files=[_cartridge()])
    trainer.click("main [type=submit]")
    report = page.locator(".import-report")
    assert "بنك أسئلة: لم يُستورد." in report.inner_text()
    assert report.locator("li").count() == 9


def test_live_preview_and_keyboard_reordering_with_javascript(browser, make):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=1, lessons=3)
    trainer = browser(locale="en")
    page = _sign_in(trainer, "rania")

    trainer.goto(f"/teach/lessons/{course.modules[0].lessons[0].id}")
    page.fill("#body", "## Live\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    page.wait_for_selector("#lesson-preview table td:text('2')")
    # The lesson's headings sit below the preview's own heading (their level: trees21).
    assert page.locator("#lesson-preview").get_by_role("heading", name="Live").count() == 1

    trainer.goto(f"/teach/courses/{course.id}")
    first = course.modules[0].lessons[0]
    page.focus(f"#lesson-{first.id} .outline-row > a")
    with page.expect_response(lambda r: r.url.endswith(f"/lessons/{first.id}/move")):
        page.keyboard.press("Alt+ArrowDown")
    page.wait_for_selector("#reorder-status:text('Moved.')")
    trainer.goto(f"/teach/courses/{course.id}")  # the order was saved on the server
    lessons = "ol.outline ol.outline > li .outline-row > a"
    assert page.locator(lessons).all_inner_texts() == ["Lesson 1.2", "Lesson 1.1", "Lesson 1.3"]

    last, top = course.modules[0].lessons[2], course.modules[0].lessons[1]
    with page.expect_response(lambda r: r.url.endswith(f"/lessons/{last.id}/move")):
        page.drag_and_drop(f"#lesson-{last.id}", f"#lesson-{top.id}")
    trainer.goto(f"/teach/courses/{course.id}")
    assert page.locator(lessons).all_inner_texts() == ["Lesson 1.3", "Lesson 1.2", "Lesson 1.1"]
