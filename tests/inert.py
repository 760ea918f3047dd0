"""A check that a piece of HTML can run nothing: no script elements, handlers or script URLs."""

from html.parser import HTMLParser

ACTIVE_ELEMENTS = {
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "base",
    "form",
    "meta",
    "link",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "background",
    "poster",
}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_ELEMENTS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value:
                compact = "".join(value.split()).lower()
                if ":" in compact.split("/")[0] and not compact.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{tag}[{name}={value}]")


def active_content(html: str) -> list[str]:
    """What in ``html`` could run or restyle the page; empty when it is inert."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
