"""Duplicating a course: to start a translation, or a new edition.

Other domains copy what they keep for a course through ``COPY_WRITERS`` (the quiz engine
copies the quizzes), as the importer has ``COURSE_WRITERS``.
"""

from ..accounts.models import User
from ..audit import record_event
from ..extensions import db
from ..learning.models import Course, CourseTrainer, FacilitatorGuide, Lesson, Module
from ..packages import COPY_WRITERS  # each called with (source, copy)
from . import revisions
from .images import course_images
from .models import CourseImage


def duplicate_course(
    user: User, source: Course, *, slug: str, title: str, language: str, as_translation: bool
) -> Course:
    """A draft copy of ``source`` owned by ``user``: modules, the newest text, images, the
    facilitator guide, and what other domains copy (quizzes); never trainees' progress."""
    copy = Course(
        slug=slug,
        title=title,
        language=language,
        summary=source.summary,
        status="draft",
        hours=source.hours,
        outcomes=list(source.outcomes) if source.outcomes else None,
        translation_group=source.translation_group,
    )
    if as_translation:
        source.translation_group = source.translation_group or source.slug
        copy.translation_group = source.translation_group
    copy.trainers.append(CourseTrainer(user_id=user.id, is_owner=True))
    if source.guide is not None:  # a translator starts from it, as from the lessons
        copy.guide = FacilitatorGuide(source=source.guide.source)
    db.session.add(copy)
    for module in source.modules:
        twin = Module(
            course=copy, slug=module.slug, title=module.title, summary=module.summary,
            position=module.position,
        )  # fmt: skip
        db.session.add(twin)
        for lesson in module.lessons:
            content = revisions.editable_content(lesson)
            new = Lesson(
                course=copy, module=twin, slug=lesson.slug, position=lesson.position,
                review_note=lesson.review_note,
            )  # fmt: skip
            new.title = content["title"]
            db.session.add(new)
            db.session.flush()
            revisions.save_lesson(new, **content, by=user)
    for image in course_images(source):
        db.session.add(
            CourseImage(
                course_id=copy.id, name=image.name, content_type=image.content_type,
                width=image.width, height=image.height, byte_size=image.byte_size,
                digest=image.digest, data=image.data,
            )
        )  # fmt: skip
    db.session.flush()
    for writer in COPY_WRITERS:
        writer(source, copy)
    record_event(user, "course.duplicated", copy)
    return copy
