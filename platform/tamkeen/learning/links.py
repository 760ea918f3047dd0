"""Resolving the links inside a course's lessons to URLs."""

import functools

from flask import url_for

from .models import Course


class CourseLinks:
    """A LinkResolver (see text.py) for the lessons of one course."""

    def __init__(self, course: Course):
        self.course = course
        self._images: dict[str, str] | None = None

    @functools.cached_property
    def _lessons(self) -> dict[str, int]:
        """Made for the first lesson link only: a quiz's prompt comes with a course whose
        modules and lessons are not loaded, and reading them costs a query per module."""
        return {
            lesson.slug: lesson.id for module in self.course.modules for lesson in module.lessons
        }

    def lesson(self, slug: str) -> str | None:
        lesson_id = self._lessons.get(slug)
        if lesson_id is None:
            return None
        return url_for("learning.lesson", course_id=self.course.id, lesson_id=lesson_id)

    def paper(self, reference: str) -> str | None:
        """The paper of that translation group in the course's language, else that slug."""
        from ..papers.services import paper_by_reference

        paper = paper_by_reference(reference, self.course.language)
        return url_for("papers.paper", paper_id=paper.id) if paper else None

    def image(self, path: str) -> str | None:
        if self._images is None:  # one query, and only for a lesson that shows images
            from ..authoring.images import image_urls

            self._images = image_urls(self.course.id)
        return self._images.get(path)
