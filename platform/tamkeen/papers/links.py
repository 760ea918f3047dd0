"""``paper:`` links in lessons: checked when a course package is imported."""

from typing import Any


def paper_exists_for_course(reader: Any, course: Any, reference: str) -> bool:
    """REFERENCE_CHECKERS "paper": the group's paper in the course's language, or that slug.

    Papers are imported before courses (``make run`` does it in that order).
    """
    from .services import paper_by_reference

    return paper_by_reference(reference, course.language) is not None
