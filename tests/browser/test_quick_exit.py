"""Quick exit: one click signs the person out and leaves for a neutral site, with or
without JavaScript; with it, the page left is also taken out of the browser's history (Back
does not bring it back)."""

import pytest


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_quick_exit_leaves_for_a_neutral_site(browser, make, neutral_site, javascript):
    make.course("Digital safety basics", modules=1, lessons=1)
    make.user("amal")
    person = browser(locale="ar", javascript=javascript)
    page = person.sign_in("amal")
    page.goto("/courses")
    exit_link = page.locator("[data-quick-exit]")
    assert exit_link.inner_text() == "خروج سريع"
    with page.expect_navigation():
        exit_link.click()
    assert page.url == neutral_site
    page.go_back()
    # Without JavaScript the link is an ordinary one: Back returns to the page left.
    # With it, the page left was replaced in the history by the neutral site.
    assert page.url.endswith("/courses") is not javascript
    # Signed out either way: the account does not open again in this browser.
    page.goto("/learning")
    assert "/sign-in" in page.url
