"""What assistive technology meets, beyond axe-core's rules: the accessibility tree a
screen reader reads (Chromium's, through the DevTools protocol), the dark theme's contrast,
and less motion when asked. Reflow at 320 CSS pixels and at twice the text size, and
axe-core on every page, are test_every_page.py's."""

import pytest
from playwright.sync_api import expect

from .a11y_tree import ax_tree, check_structure, prop, role
from .a11y_world import build_world


def visit(person, path: str):
    """Open a page without axe-core: test_every_page.py audits every page."""
    person.page.goto(path)
    return person.page


@pytest.fixture
def world(app, make, client):
    return build_world(app, make, client)


def test_screen_readers_get_landmarks_headings_errors_live_regions_and_chart_tables(browser, world):
    trainee = browser(locale="ar")
    trainee.sign_in("amal", audit=False)
    for path in world.pages("trainee"):
        page = visit(trainee, path)
        check_structure(page)

    # The quiz's "saved" message and its result are live regions: announced when they change.
    page = trainee.page
    page.goto(f"/attempts/{world.open_attempt}/questions/1")
    status = [n for n in ax_tree(page) if role(n) == "status"]
    assert status and prop(status[0], "live") == "polite"
    page.check("input[name=answer][value=true]")
    expect(page.locator("#save-status")).to_have_text("حُفظت إجابتك.")
    page.goto(f"/attempts/{world.review}")
    result = [n for n in ax_tree(page) if role(n) == "status"]
    assert result and "100" in page.locator(".result[role=status]").inner_text()

    # Form errors: focus on the summary, each field invalid and described by its error.
    visitor = browser(locale="fr")
    page = visitor.goto("/register")
    page.click("main [type=submit]")
    visitor.audit()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    username = next(n for n in ax_tree(page) if role(n) == "textbox")
    assert prop(username, "invalid") == "true"
    assert "Choisissez un nom d'utilisateur." in username["description"]["value"]

    # Each chart names, as its details, the table that gives its figures.
    organizer = browser(locale="en")
    organizer.sign_in("olfa", audit=False)
    for path in world.pages("organizer"):
        page = visit(organizer, path)
        check_structure(page)
    page = organizer.page
    page.goto(f"/cohorts/{world.cohort.id}")
    nodes = ax_tree(page)
    by_id = {n["backendDOMNodeId"]: n for n in nodes if "backendDOMNodeId" in n}
    charts = [n for n in nodes if role(n) == "image" and prop(n, "details")]
    assert len(charts) == 1  # the course's funnel; nobody completed yet: no timeline
    for chart in charts:
        related = [by_id.get(n["backendDOMNodeId"]) for n in prop(chart, "details", "relatedNodes")]
        assert [role(n) for n in related if n] == ["table"]
        assert chart["name"]["value"]


def test_dark_theme_keeps_the_contrast_and_reduced_motion_stops_movement(browser, world):
    person = browser(locale="ar", color_scheme="dark", reduced_motion="reduce")
    person.sign_in("amal", audit=False)
    for path in world.pages("trainee")[2:8]:
        page = person.goto(path)  # axe-core's colour-contrast rule, in the dark theme
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background == "rgb(22, 24, 25)", background
        moving = page.evaluate(
            """() => [...document.querySelectorAll('*')].filter((e) => {
                 const s = getComputedStyle(e);
                 return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0;
               }).length"""
        )
        assert moving == 0
    organizer = browser(locale="en", color_scheme="dark")
    organizer.sign_in("olfa", audit=False)
    organizer.goto(f"/cohorts/{world.cohort.id}")  # the charts keep their light card
    organizer.goto(f"/cohorts/{world.cohort.id}/extra-time")
