"""Imported HTML (a cartridge's web pages, QTI texts) into the Markdown trainers write.

The HTML comes from someone else's server: it is sanitised with nh3 first (no script, no
style, no event handler, only http(s) and mailto links and the rewrites the caller makes),
then converted by markdownify. The Markdown is then rendered like any trainer's text
(`text.py`, raw HTML escaped), so what passes here still cannot run in a page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

# What a lesson can say in Markdown (docs/course-format.md); anything else keeps its text.
TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th",
    "td", "sup", "sub",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto", "lesson"}
# Signs of active content in the page as it came: reported, since it is removed.
# Only inside tags: prose that says "javascript:" or "one = two" is not active content.
ACTIVE = re.compile(
    r"<(?:script|iframe|object|embed)\b|<[^>]*\son[a-z]+\s*=|<[^>]*=\s*[\"']?\s*javascript\s*:",
    re.I,
)

# A rewrite gets the URL as written and returns the one to keep, or None to drop it (the
# text of a dropped link stays; a dropped image becomes its description).
Rewrite = Callable[[str], str | None]


@dataclass
class Converted:
    markdown: str
    had_active_content: bool  # a script, an event handler or a javascript: link was removed


class _Converter(MarkdownConverter):
    """markdownify, with headings moved down a level when the page uses `#` (the lesson's
    title is its page's only `#`) and images without their dropped source kept as text."""

    def __init__(self, *, shift: int, **options):
        super().__init__(**options)
        self.shift = shift

    def convert_hN(self, n, el, text, parent_tags):  # noqa: N802  (markdownify's name)
        return super().convert_hN(min(n + self.shift, 6), el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        if not el.get("src"):
            alt = (el.get("alt") or "").strip()
            return f" {self.escape(alt, parent_tags)} " if alt else ""
        return super().convert_img(el, text, parent_tags)


def body_of(html: str) -> str:
    """The content of a page's <body> (the whole text when it is a fragment)."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body
    return body.decode_contents() if body is not None else html


def convert(
    html: str,
    *,
    link: Rewrite | None = None,
    image: Rewrite | None = None,
    drop_title: str | None = None,
) -> Converted:
    """Sanitise ``html`` (a page or a fragment) and write it as Markdown.

    ``drop_title``: a first heading with exactly this text is left out (the lesson's title).
    """

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return link(value) if link else value
        if tag == "img" and attribute == "src":
            return image(value) if image else value
        return value

    fragment = body_of(html)
    clean = nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=attribute_filter,
        url_schemes=SCHEMES,
        link_rel=None,
    )
    soup = BeautifulSoup(clean, "html.parser")
    if drop_title is not None:
        first = soup.find(["h1", "h2", "h3", "h4", "h5", "h6", "p"])
        if (
            first is not None
            and first.name[0] == "h"
            and _words(first.get_text()) == _words(drop_title)
        ):
            first.decompose()
    shift = 1 if soup.find("h1") is not None else 0
    converter = _Converter(shift=shift, heading_style="ATX", bullets="-", escape_misc=False)
    markdown = converter.convert_soup(soup)
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return Converted(markdown=markdown, had_active_content=bool(ACTIVE.search(fragment)))


def to_markdown(html: str) -> str:
    """Imported HTML → Markdown, sanitised like any trainer content."""
    return convert(html).markdown


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()
