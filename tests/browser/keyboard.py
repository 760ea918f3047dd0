"""Using a page with the keyboard alone, as a person who cannot use a mouse does: Tab and
Shift+Tab to move, Enter and Space to press, arrow keys in radio groups and lists, typing
into fields. Every stop is checked: the focused element shows a focus indicator (a
computed outline or box-shadow), so nobody loses track of where they are."""

from playwright.sync_api import Page

# What has the focus, whether it matches ``selector``, and whether its indicator shows.
FOCUSED = """(selector) => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement)
    return {none: true, matches: false, visible: true, what: 'the browser itself'};
  // Inside a browser's own control (the calendar button of a date field): the host is the
  // active element without matching :focus, and Chromium draws that button's focus ring.
  if (!e.matches(':focus'))
    return {none: false, matches: false, visible: true, what: 'inside ' + e.outerHTML.slice(0, 80)};
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const box = e.getBoundingClientRect();
  return {none: false, matches: e.matches(selector), visible: Boolean(outline || shadow),
          shown: box.width > 0 && box.height > 0, id: e.id,
          what: e.outerHTML.slice(0, 160)};
}"""

# The elements Tab stops at, in the document (a page's cycle is at most this many stops).
TABBABLE = """() => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])'
)].filter(e => !e.disabled && e.getClientRects().length).length"""


class Keyboard:
    def __init__(self, person, *, audit: bool = False):
        """``audit``: run axe-core on each page reached (the other browser tests already
        audit the pages of these journeys; a journey audits only the pages they miss)."""
        self.person = person
        self.audit = audit
        self.page: Page = person.page
        self.stops = 0  # every Tab pressed, for the report

    def focused(self, selector: str = "*") -> dict:
        return self.page.evaluate(FOCUSED, selector)

    def tab_to(self, selector: str, *, back: bool = False, limit: int = 150) -> None:
        """Press Tab (Shift+Tab) until ``selector`` has the focus; each stop must show it."""
        key = "Shift+Tab" if back else "Tab"
        for _ in range(limit):
            self.page.keyboard.press(key)
            self.stops += 1
            state = self.focused(selector)
            assert state["visible"], f"no visible focus on {state['what']} ({self.page.url})"
            if state["matches"]:
                return
        raise AssertionError(f"{key} never reached {selector} on {self.page.url}")

    def press(self, selector: str, key: str = "Enter", *, back: bool = False) -> Page:
        """Reach ``selector`` and press it with ``key``: a new page loads, and is audited."""
        self.tab_to(selector, back=back)
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        if self.audit:
            self.person.audit()
        return self.page

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def choose(self, selector: str, value: str) -> None:
        """Pick ``value`` in a list (a select) with the arrow keys, as the keyboard does."""
        self.tab_to(selector)
        self.page.keyboard.press("Home")
        for _ in range(30):
            if self.page.eval_on_selector(selector, "e => e.value") == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{value} not found in {selector}")

    def skip_to_main(self) -> None:
        """The first Tab stop is the skip link; Enter on it moves the focus to main."""
        self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        self.page.keyboard.press("Tab")
        first = self.focused(".skip-link")
        assert first["matches"] and first["visible"], first["what"]
        self.page.keyboard.press("Enter")
        assert self.focused()["id"] == "main", "the skip link did not move the focus to main"

    def cycles(self) -> None:
        """No trap: from where the focus is, Tab goes through every later stop, leaves the
        page and comes back to its top (the skip link)."""
        stops = self.page.evaluate(TABBABLE)
        for _ in range(stops + 3):
            self.page.keyboard.press("Tab")
            self.stops += 1
            state = self.focused(".skip-link")
            assert state["visible"], f"no visible focus on {state['what']} ({self.page.url})"
            if state["matches"]:
                return
        raise AssertionError(f"Tab did not come back to the top of {self.page.url}: a trap?")
