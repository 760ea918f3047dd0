"""A lesson as a complete web page for a cartridge: ``lang`` and ``dir`` on ``<html>``, its
images as files beside it (``images/name``), links to other lessons as relative links.

The body is the lesson's Markdown rendered by ``text.render_markdown``, the same safe HTML
trainees read; links to papers of the library have no file in the cartridge and are
dropped (the export report says which lesson had them).
"""

from dataclasses import dataclass, field

from markupsafe import escape

from ...i18n import direction
from ...text import find_references, render_markdown

IMAGE_FOLDER = "images"


def lesson_path(module_number: int, lesson_number: int, slug: str) -> str:
    """Where a lesson's page sits in the cartridge, relative to ``lessons/``."""
    return f"{module_number:02d}-{lesson_number:02d}-{slug}.html"


@dataclass
class PageLinks:
    """text.LinkResolver for a page in ``lessons/``: everything relative to that folder."""

    lesson_files: dict[str, str]  # lesson slug → its file name in lessons/
    image_names: set[str]
    used_images: set[str] = field(default_factory=set)

    def lesson(self, slug: str) -> str | None:
        return self.lesson_files.get(slug)

    def paper(self, reference: str) -> str | None:
        return None

    def image(self, path: str) -> str | None:
        name = path.removeprefix("images/")
        if name not in self.image_names:
            return None
        self.used_images.add(name)
        return f"{IMAGE_FOLDER}/{name}"


def has_paper_links(body: str) -> bool:
    return any(reference.kind == "paper" for reference in find_references(body))


def lesson_page(title: str, body: str, language: str, links: PageLinks) -> str:
    """The complete HTML document of a lesson, in the course's language and direction."""
    content = render_markdown(body, language, links)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}" dir="{direction(language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{escape(title.strip())}</title>\n"
        "</head>\n"
        "<body>\n"
        f"<h1>{escape(title.strip())}</h1>\n"
        f"{content}\n"
        "</body>\n"
        "</html>\n"
    )
