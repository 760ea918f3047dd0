"""Reading the accessibility tree a screen reader gets: Chromium's, through the DevTools
protocol (``Accessibility.getFullAXTree``), and the structure every page must have."""

LANDMARKS = {"banner", "navigation", "main", "contentinfo"}


def ax_tree(page) -> list[dict]:
    """Chromium's full accessibility tree of the page, the nodes a screen reader gets."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return [node for node in nodes if not node.get("ignored")]


def role(node) -> str:
    return node.get("role", {}).get("value", "")


def prop(node, name, part: str = "value"):
    """A property of an accessibility node: its value, or (``part="relatedNodes"``) the
    nodes it points at."""
    for each in node.get("properties", []):
        if each["name"] == name:
            return each["value"].get(part)
    return None


def check_structure(page) -> None:
    """Landmarks present; one level-1 heading; no heading level skipped going down."""
    nodes = ax_tree(page)
    roles = {role(node) for node in nodes}
    assert LANDMARKS <= roles, f"{page.url}: landmarks missing: {LANDMARKS - roles}"
    levels = [prop(node, "level") for node in nodes if role(node) == "heading"]
    assert levels.count(1) == 1, f"{page.url}: headings {levels}"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{page.url}: heading {before} then {after}: {levels}"


def ax_node(page, selector: str) -> dict:
    """The accessibility node of the element ``selector`` picks."""
    session = page.context.new_cdp_session(page)
    found = session.send(
        "Runtime.evaluate", {"expression": f"document.querySelector({selector!r})"}
    )["result"]
    assert "objectId" in found, f"{page.url}: no {selector}"
    nodes = session.send(
        "Accessibility.getPartialAXTree", {"objectId": found["objectId"], "fetchRelatives": False}
    )["nodes"]
    session.detach()
    return nodes[0]


def check_refused_form(page, selectors: dict[str, str]) -> None:
    """A refused form as a screen reader meets it: the error summary has the focus, and
    each field (``selector -> words of its error``) is invalid and described by its error."""
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), page.url
    for selector, words in selectors.items():
        node = ax_node(page, selector)
        if role(node) != "group":  # a group of rows (a fieldset) is described, not invalid
            assert prop(node, "invalid") == "true", f"{page.url}: {selector} not invalid"
        description = node.get("description", {}).get("value", "")
        assert description and words in description, (
            f"{page.url}: {selector} described as {description!r}"
        )
