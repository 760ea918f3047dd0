"""A course as one printable PDF, for workshops in rooms without internet.

Cover, contents, every lesson in order, and each quiz's questions without their answers
(nor their feedback), for a trainer to hand out and discuss.
Links between lessons become links inside the PDF; links to papers become the papers'
public addresses, which still work when the handbook is read later online.
"""

from random import Random
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..addresses import external_url
from ..database import stored_values
from ..extensions import db
from ..pdf import cached_pdf, print_date
from ..storage import StoredFile
from ..text import render_markdown
from .links import CourseLinks
from .models import Course


def _public(endpoint: str, **values: Any) -> str:
    return external_url(endpoint, **values)


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


def _printable(question: Any, links: HandbookLinks) -> dict[str, Any]:
    """A question as paper shows it: the prompt and what to choose from, never the answer.

    Choices, matches and items are shuffled with a fixed seed (the question's id), so the
    right one is not always first and the handbook stays the same from one print to the
    next; ordering's own shuffle never leaves the items in the right order.
    """
    from ..quizzes.kinds import KINDS

    kind = KINDS[question.kind]
    shown = kind.display(question.data, None, Random(question.id), True)  # noqa: S311  # nosec B311
    return {
        "prompt": render_markdown(question.prompt, links.course.language, links),
        "choices": [],
        "prompts": [],
        "multiple": False,  # "choose all that apply"
        "lettered": False,  # write the letter beside each prompt
        "is_text": False,  # a description: read, not answered
        **kind.printed(shown),
    }


def quiz_sections(course: Course, links: HandbookLinks) -> dict[int | None, dict[str, Any]]:
    """Each quiz of the course, printable, by module id (the final quiz under None)."""
    from ..quizzes.services import quizzes_by_module

    sections = {}
    for module_id, quiz in quizzes_by_module(course).items():
        default = _("Final assessment") if quiz.is_final else _("Module quiz")
        sections[module_id] = {
            "anchor": f"quiz-{quiz.id}",
            "title": quiz.title or default,
            "questions": [_printable(question, links) for question in quiz.questions],
        }
    return sections


def handbook_content(course: Course) -> tuple:
    """Everything stored that the handbook prints, for its cache key: read, never rendered."""
    from ..authoring.models import CourseImage
    from ..papers.services import library_version
    from ..quizzes.services import quizzes_by_module

    modules = [(stored_values(m), [stored_values(x) for x in m.lessons]) for m in course.modules]
    quizzes = [
        (stored_values(quiz), [stored_values(question) for question in quiz.questions])
        for quiz in quizzes_by_module(course).values()
    ]
    images = db.session.execute(
        select(CourseImage.id, CourseImage.digest).where(CourseImage.course_id == course.id)
    ).all()
    return stored_values(course), modules, quizzes, sorted(images), library_version()


def handbook_pdf(course: Course) -> StoredFile:
    """The handbook of ``course`` (loaded with its modules and lessons), cached."""
    links = HandbookLinks(course)

    def context() -> dict[str, Any]:
        quizzes = quiz_sections(course, links)
        chapters = [
            {
                "module": module,
                "lessons": [
                    (lesson, render_markdown(lesson.body, course.language, links, lesson.slug))
                    for lesson in module.lessons
                ],
                "extras": [quizzes[module.id]] if module.id in quizzes else [],
            }
            for module in course.modules
        ]
        return {
            "course": course,
            "language": course.language,
            "chapters": chapters,
            "final": [quizzes[None]] if None in quizzes else [],
            "course_url": _public("learning.course", course_id=course.id),
            "date": print_date(course.updated_at, course.language),
        }

    with force_locale(course.language):
        content = handbook_content(course)
        return cached_pdf("handbook.html", content, context, resources=links.resources)


def handbook_task(course_id: int) -> StoredFile:
    """The job queue's task (``jobs``): the handbook of the course ``course_id``."""
    course = db.session.get(Course, course_id)
    if course is None:  # deleted since it was asked for
        raise LookupError(f"no course {course_id}")
    return handbook_pdf(course)
