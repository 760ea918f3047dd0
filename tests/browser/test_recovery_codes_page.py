"""The recovery codes page on a phone, in Arabic: every code on one line, a Print button
where JavaScript runs, and a download the site's security policy lets through."""

import re

from ..factories import PASSWORD

CODE = re.compile(r"^[2-9A-Z]{4}(?:-[2-9A-Z]{4}){3}$")


def register(person, username: str):
    page = person.goto("/register")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    return person.click("main [type=submit]")


def test_codes_stay_whole_and_download_as_text_in_arabic(browser, tmp_path):
    person = browser(locale="ar", viewport={"width": 320, "height": 640})
    page = register(person, "amal")
    assert page.locator("html").get_attribute("dir") == "rtl"
    items = page.locator(".codes li")
    codes = items.all_inner_texts()
    assert len(codes) == 10 and all(CODE.match(code) for code in codes)
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.codes li')).lineHeight)"
    )
    for n in range(10):
        item, code = items.nth(n).bounding_box(), items.nth(n).locator("code").bounding_box()
        assert item["height"] < 1.5 * line  # one line each, never broken at a dash
        assert item["x"] <= code["x"] and code["x"] + code["width"] <= item["x"] + item["width"]
    assert page.get_by_role("button", name="طباعة").is_visible()
    page.emulate_media(media="print")  # on paper: the codes, without the site around them
    assert items.nth(0).is_visible() and not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="طباعة").is_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="تنزيل (.txt)").click()
    download = waiting.value
    assert download.suggested_filename == "tamkeen-recovery-codes.txt"
    saved = tmp_path / "codes.txt"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8").split()[-10:] == codes


def test_without_javascript_the_print_button_gives_way_to_a_hint(browser):
    person = browser(locale="fr", javascript=False)
    page = register(person, "omar")
    assert not page.get_by_role("button", name="Imprimer").is_visible()
    assert "commande Imprimer de votre navigateur" in page.content()
