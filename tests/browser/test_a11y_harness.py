"""The keyboard and reflow checks can fail: a control whose focus is hidden, a focus trap
and a page wider than a phone are each reported, on the real sign-in page."""

import pytest

from .keyboard import Keyboard
from .reflow import OVERFLOWING


def test_hidden_focus_a_trap_and_sideways_scrolling_are_reported(browser):
    person = browser(locale="en", viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = person.goto("/sign-in")
    keys = Keyboard(person)
    keys.skip_to_main()
    keys.cycles()  # the real page passes
    measured = page.evaluate(OVERFLOWING)
    assert measured["scroll"] <= measured["width"]

    page.add_style_tag(content="#password:focus, #password:focus-visible { outline: none; }")
    with pytest.raises(AssertionError, match="no visible focus"):
        keys.tab_to("main [type=submit]")

    page.evaluate(
        """() => {  // a trap: Tab on the username field always comes back to it
          const field = document.getElementById('username');
          field.addEventListener('keydown', (e) => { if (e.key === 'Tab') e.preventDefault(); });
          field.focus();
        }"""
    )
    with pytest.raises(AssertionError, match="a trap"):
        keys.cycles()

    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<p id=wide class=nowrap>' + 'a long line that does not wrap '.repeat(9) + '</p>')"
    )
    measured = page.evaluate(OVERFLOWING)
    assert measured["scroll"] > measured["width"]  # what the reflow test asserts against
