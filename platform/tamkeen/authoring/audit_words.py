"""The trainers' lines of the audit log in words, and how the log names a course, a
module, a lesson or an image."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..audit import describe_actions, describe_targets
from ..learning.models import Course, Lesson, Module
from ..learning.policies import can_view_course
from .models import CourseImage


def register_audit_words() -> None:
    describe_actions(
        {
            "course.created": _l("created a course"),
            "course.updated": _l("changed a course's details"),
            "course.published": _l("published a course"),
            "course.unpublished": _l("withdrew a course from the catalogue"),
            "course.deleted": _l("deleted a course"),
            "course.duplicated": _l("copied a course"),
            "course.imported.created": _l("imported a new course from a package"),
            "course.imported.updated": _l("updated a course from a package"),
            "course.trainer_added": _l("added a trainer to a course"),
            "course.trainer_removed": _l("removed a trainer from a course"),
            "module.created": _l("added a module"),
            "module.updated": _l("changed a module"),
            "module.moved": _l("moved a module"),
            "module.deleted": _l("deleted a module"),
            "lesson.created": _l("added a lesson"),
            "lesson.published": _l("published a lesson's new text"),
            "lesson.restored": _l("restored an earlier version of a lesson"),
            "lesson.moved": _l("moved a lesson"),
            "lesson.deleted": _l("deleted a lesson"),
            "image.uploaded": _l("uploaded an image"),
            "image.deleted": _l("deleted an image"),
        }
    )
    describe_targets(Course, _course_words, _l("a deleted course"), url=_course_url)
    describe_targets(Module, _part_words, _l("a deleted module"), load=[joinedload(Module.course)])
    describe_targets(Lesson, _part_words, _l("a deleted lesson"), load=[joinedload(Lesson.course)])
    describe_targets(
        CourseImage, _image_words, _l("a deleted image"), load=[joinedload(CourseImage.course)]
    )


def _course_words(course: Course) -> str:
    return f"“{course.title}”"


def _course_url(course: Course, reader) -> str | None:
    if not can_view_course(reader, course):
        return None
    return url_for("learning.course", course_id=course.id)


def _part_words(part: Module | Lesson) -> str:
    return _("“%(title)s” in “%(course)s”", title=part.title, course=part.course.title)


def _image_words(image: CourseImage) -> str:
    return _("the image %(name)s in “%(course)s”", name=image.name, course=image.course.title)
