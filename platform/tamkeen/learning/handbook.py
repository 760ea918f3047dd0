"""A course as one printable PDF, for workshops in rooms without internet.

Cover, contents, every lesson in order, and each quiz's questions without their answers.
Links between lessons become links inside the PDF; links to papers become the papers'
public addresses, which still work when the handbook is read later online.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..pdf import print_date, render_pdf
from ..text import render_markdown
from .links import CourseLinks
from .models import Course, Module

# Other domains add printable sections to each module (the quizzes add their questions):
# a callable (module) -> list of dicts {"title": str, "questions": [...]}, read by
# templates/pdf/handbook.html.
MODULE_EXTRAS: list[Callable[[Module], list[dict[str, Any]]]] = []
COURSE_EXTRAS: list[Callable[[Course], list[dict[str, Any]]]] = []


def _public(endpoint: str, **values: Any) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


class HandbookLinks(CourseLinks):
    """A LinkResolver (text.py) for lessons printed together in one document."""

    def __init__(self, course: Course):
        super().__init__(course)
        self.images_used: set[str] = set()

    def lesson(self, slug: str) -> str | None:
        return f"#lesson-{slug}" if slug in self._lessons else None

    def paper(self, reference: str) -> str | None:
        from ..papers.services import paper_by_reference

        paper = paper_by_reference(reference, self.course.language)
        return _public("papers.paper", paper_id=paper.id) if paper else None

    def image(self, path: str) -> str | None:
        url = super().image(path)  # /media/<id>/<digest>: it changes with the image
        if url:
            self.images_used.add(url)
        return url

    def resources(self) -> dict[str, tuple[bytes, str]]:
        """The images the lessons show, handed to the PDF renderer (read only if needed)."""
        from ..authoring.images import image_url
        from ..authoring.models import CourseImage

        if not self.images_used:
            return {}
        rows = db.session.scalars(
            select(CourseImage).where(CourseImage.course_id == self.course.id)
        )
        found = {image_url(row.id, row.digest): (row.data, row.content_type) for row in rows}
        return {url: found[url] for url in self.images_used if url in found}


def handbook_pdf(course: Course) -> Path:
    """The handbook of ``course`` (loaded with its modules and lessons), cached."""
    links = HandbookLinks(course)
    chapters = [
        {
            "module": module,
            "lessons": [
                (lesson, render_markdown(lesson.body, course.language, links, lesson.slug))
                for lesson in module.lessons
            ],
            "extras": [extra for reader in MODULE_EXTRAS for extra in reader(module)],
        }
        for module in course.modules
    ]
    with force_locale(course.language):
        return render_pdf(
            "handbook.html",
            resources=links.resources,
            course=course,
            language=course.language,
            chapters=chapters,
            final=[extra for reader in COURSE_EXTRAS for extra in reader(course)],
            course_url=_public("learning.course", course_id=course.id),
            date=print_date(course.updated_at, course.language),
        )
