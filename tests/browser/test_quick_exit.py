"""Quick exit: one click leaves for a neutral site, with or without JavaScript; with it,
the page left is also taken out of the browser's history (Back does not bring it back)."""

import pytest

NEUTRAL = "https://weather.example/"


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_quick_exit_leaves_for_a_neutral_site(app, browser, make, javascript):
    app.config["QUICK_EXIT_URL"] = NEUTRAL
    make.course("Digital safety basics", modules=1, lessons=1)
    person = browser(locale="ar", javascript=javascript)
    # The neutral site is served here: nothing leaves the machine during the test.
    person.context.route(
        NEUTRAL + "**",
        lambda route: route.fulfill(body="<title>Weather</title>", content_type="text/html"),
    )
    page = person.goto("/")
    page.goto("/courses")
    exit_link = page.locator("[data-quick-exit]")
    assert exit_link.inner_text() == "خروج سريع"
    with page.expect_navigation():
        exit_link.click()
    assert page.url == NEUTRAL
    page.go_back()
    # Without JavaScript the link is an ordinary one: Back returns to the page left.
    # With it, the page left was replaced in the history by the neutral site.
    assert page.url.endswith("/courses") is not javascript
