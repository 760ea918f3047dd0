"""Markdown to safe HTML: the one place trainer text becomes markup.

markdown-it-py parses CommonMark with tables, footnotes and callout boxes; raw HTML in the
source is escaped, never passed through. Links in Tamkeen's own forms (``lesson:slug``,
``paper:group``, ``images/x.png``) are resolved by the caller. nh3 then sanitizes the
result against an allowlist, so a parser bug or a crafted link still cannot add script.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Protocol

import nh3
from flask_babel import force_locale
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .bidi import set_directions
from .i18n import direction

CALLOUT_KINDS = ("note", "tip", "warning", "exercise")

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th",
    "td", "sup", "sub", "s", "section", "aside",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": {"id", "dir"},
    "h3": {"id", "dir"},
    "h4": {"dir"},
    "h5": {"dir"},
    "h6": {"dir"},
    "p": {"dir"},
    "img": {"src", "alt", "title"},
    "li": {"id", "dir"},
    "ol": {"start"},
    "th": {"scope", "dir"},
    "td": {"dir"},
}
ALLOWED_CLASSES = {
    "aside": {"callout", *(f"callout-{kind}" for kind in CALLOUT_KINDS)},
    "p": {"callout-title"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
    "hr": {"footnotes-sep"},
}
URL_SCHEMES = {"http", "https", "mailto"}
INTERNAL_SCHEMES = ("lesson:", "paper:")


class LinkResolver(Protocol):
    """Turns Tamkeen's own link forms into URLs; None when the target does not exist."""

    def lesson(self, slug: str) -> str | None: ...

    def paper(self, reference: str) -> str | None: ...

    def image(self, path: str) -> str | None: ...


@dataclass(frozen=True)
class Reference:
    kind: str  # "lesson", "paper" or "image"
    target: str
    line: int  # 1-based line in the Markdown source


def _callout_label(kind: str) -> str:
    labels = {
        "note": _("Note"),
        "tip": _("Tip"),
        "warning": _("Warning"),
        "exercise": _("Exercise"),
    }
    return labels[kind]


def _callout_renderer(kind: str):
    def render(self, tokens, idx, options, env):
        if tokens[idx].nesting == 1:
            with force_locale(env.get("language") or "en"):
                label = escape(_callout_label(kind))
            return f'<aside class="callout callout-{kind}"><p class="callout-title">{label}</p>\n'
        return "</aside>\n"

    return render


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.use(footnote_plugin)
    for kind in CALLOUT_KINDS:
        md.use(container_plugin, name=kind, render=_callout_renderer(kind))
    return md


_parser = _build_parser()


def _walk(tokens: list[Token], line: int = 0) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        token_line = token.map[0] + 1 if token.map else line
        yield token, token_line
        if token.children:
            yield from _walk(token.children, token_line)


def _reference(token: Token) -> tuple[str, str] | None:
    """The kind and target of a Tamkeen link or image, or None for an ordinary one."""
    if token.type == "link_open":
        href = str(token.attrGet("href") or "")
        for scheme in INTERNAL_SCHEMES:
            if href.startswith(scheme):
                return scheme[:-1], href[len(scheme) :]
    elif token.type == "image":
        src = str(token.attrGet("src") or "")
        if src.startswith("images/"):
            return "image", src
    return None


def find_references(source: str) -> list[Reference]:
    """Every lesson, paper and image link in ``source``, with its line, for validation."""
    found = []
    for token, line in _walk(_parser.parse(source)):
        reference = _reference(token)
        if reference:
            found.append(Reference(reference[0], reference[1], line))
    return found


def _resolve(tokens: list[Token], links: LinkResolver | None, language: str | None) -> None:
    set_directions(tokens, direction(language) if language else None)
    for token, _line in _walk(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            token.tag = "h2"  # the page title is the only h1
        reference = _reference(token)
        if reference is None:
            continue
        kind, target = reference
        url = getattr(links, kind)(target) if links else None
        token.attrSet("src" if kind == "image" else "href", url or "")


def render_markdown(
    source: str | None,
    language: str | None = None,
    links: LinkResolver | None = None,
    doc_id: str | None = None,
    *,
    below: int = 1,
) -> Markup:
    """Safe HTML for ``source``; ``language`` is the text's own, for callout labels.

    ``doc_id`` prefixes footnote ids, for texts printed together in one document.
    ``below`` is the level of the heading the text sits under: its own headings start one
    level lower (h2 under the page's h1; h3 in the editor's preview, under "Preview").
    """
    env = {"language": language}
    if doc_id:
        env["docId"] = doc_id
    tokens = _parser.parse(source or "", env)
    _resolve(tokens, links, language)
    tag = ""
    for token in tokens if below > 1 else ():
        if token.type == "heading_open":  # h2 already (the page title is the only h1)
            tag = token.tag = f"h{min(int(token.tag[1]) + below - 1, 6)}"
        elif token.type == "heading_close":
            token.tag = tag
    html = _parser.renderer.render(tokens, _parser.options, env)
    return Markup(sanitize(html))  # noqa: S704  (nh3 sanitized it)  # nosec B704


@dataclass(frozen=True)
class Heading:
    level: int  # 2 or 3
    anchor: str
    text: str


def _number_headings(tokens: list[Token]) -> list[Heading]:
    """Give every h2 and h3 an id, and list them, for a printed table of contents."""
    outline = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            anchor = f"section-{len(outline) + 1}"
            token.attrSet("id", anchor)
            inline = tokens[index + 1]
            words = "".join(
                child.content for child in inline.children or [] if child.type != "softbreak"
            )
            outline.append(Heading(int(token.tag[1]), anchor, words.strip()))
    return outline


def render_markdown_outline(
    source: str | None, language: str | None = None, links: LinkResolver | None = None
) -> tuple[Markup, list[Heading]]:
    """Like render_markdown, with anchored h2/h3 headings and their list (for PDFs)."""
    env = {"language": language}
    tokens = _parser.parse(source or "", env)
    _resolve(tokens, links, language)
    outline = _number_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, env)
    return Markup(sanitize(html)), outline  # noqa: S704  (nh3 sanitized it)  # nosec B704


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_inline_markdown(source: str | None) -> Markup:
    """Safe inline HTML (no paragraphs) for short texts such as a quiz choice or a label."""
    html = _parser.renderInline(source or "")
    return Markup(sanitize(html))  # noqa: S704  (nh3 sanitized it)  # nosec B704


# A block's own markers at the start of a line: headings, quotes, list bullets and numbers.
_BLOCK_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-+*]\s+|\d+[.)]\s+|:::\s*\w*)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def render_markdown_excerpt(source: str | None, length: int = 160) -> Markup:
    """The start of a Markdown text on one line, its inline formatting rendered safely.

    Block markers (headings, lists, quotes) are dropped, images become their description,
    and the source is cut at a word boundary before ``length`` characters, with "…".
    """
    lines = (_BLOCK_MARKER.sub("", line).strip() for line in (source or "").splitlines())
    text = " ".join(line for line in lines if line)
    text = _IMAGE.sub(r"\1", text)
    if len(text) > length:
        cut = text[:length].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
        text = cut.rstrip("\\") + " …"
    return render_inline_markdown(text)


# Characters that mean something to Markdown anywhere in a line, and at its start.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+=-])", re.MULTILINE)
_MARKDOWN_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Markdown that renders as ``text`` itself, markup characters included."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", text)
    escaped = _MARKDOWN_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return _MARKDOWN_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


class _HtmlToMarkdown(HTMLParser):
    """The little HTML found in imported questions, as Markdown; other markup keeps its text."""

    INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}
    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre"}
    DROPPED = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[str] = []
        self.skipping = 0
        self.images = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.DROPPED:
            self.skipping += 1
        elif tag in self.INLINE:
            self.parts.append(self.INLINE[tag])
        elif tag == "br":
            self.parts.append("\\\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            if tag in ("ul", "ol"):
                self.lists.append(tag)
        elif tag == "li":
            self.parts.append("\n" + ("1. " if self.lists[-1:] == ["ol"] else "- "))
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            safe = href.startswith(("https://", "http://", "mailto:"))
            self.links.append(href if safe else None)
            self.parts.append("[" if safe else "")
        elif tag == "img":
            self.images += 1

    def handle_endtag(self, tag):
        if tag in self.DROPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.INLINE:
            self.parts.append(self.INLINE[tag])
        elif tag in self.BLOCKS:
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.parts.append(f"]({href})" if href else "")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(escape_markdown(re.sub(r"\s+", " ", data)))


def html_to_markdown(html: str) -> tuple[str, int]:
    """(Markdown for ``html``, the number of images it held, which Markdown cannot bring)."""
    converter = _HtmlToMarkdown()
    converter.feed(html)
    converter.close()
    markdown = re.sub(r"\n{3,}", "\n\n", "".join(converter.parts))
    return markdown.strip(), converter.images
