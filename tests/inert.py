"""A check that a piece of HTML can run nothing: no script elements, handlers or script URLs."""

import re
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
# A URL has a scheme only if it starts with a letter followed by letters, digits, + - .
# before the colon ("%6Aavascript:x" is a relative path); browsers first drop whitespace
# and control characters, so the check does too.
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


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
                compact = "".join(c for c in value if ord(c) > 32 and not c.isspace()).lower()
                if SCHEME.match(compact) and not compact.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{tag}[{name}={value}]")


def active_content(html: str) -> list[str]:
    """What in ``html`` could run or restyle the page; empty when it is inert."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
