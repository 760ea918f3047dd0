"""Writing checked course packages to the database, in place.

Modules and lessons are matched by slug, so re-importing a changed package keeps the
trainees' progress on every lesson that still exists. Only the caller commits.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..learning import summaries
from ..learning.models import Course, FacilitatorGuide, Lesson, Module
from ..packages import COURSE_WRITERS, CourseSpec, Problem, load_packages


@dataclass
class ImportReport:
    courses: list[tuple[str, str]] = field(default_factory=list)  # (slug, "created"/"updated")
    problems: list[Problem] = field(default_factory=list)
    # What an import from another format left out, one line each (a cartridge's forums...).
    skipped: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _write_lessons(course: Course, spec: CourseSpec, step: Callable[[], None]) -> None:
    modules = {module.slug: module for module in course.modules}
    lessons = {
        lesson.slug: lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
    }
    wanted_modules, wanted_lessons = set(), set()
    for position, module_spec in enumerate(spec.modules, start=1):
        module = modules.get(module_spec.slug)
        if module is None:
            module = Module(course=course, slug=module_spec.slug, position=position)
            db.session.add(module)
        module.position = position
        module.title, module.summary = module_spec.title, module_spec.summary
        wanted_modules.add(module_spec.slug)
        for lesson_position, lesson_spec in enumerate(module_spec.lessons, start=1):
            lesson = lessons.get(lesson_spec.slug)
            if lesson is None:
                lesson = Lesson(course=course, slug=lesson_spec.slug)
                db.session.add(lesson)
            lesson.module = module
            lesson.position = lesson_position
            lesson.title, lesson.summary = lesson_spec.title, lesson_spec.summary
            lesson.body, lesson.minutes = lesson_spec.body, lesson_spec.minutes
            lesson.review_note = lesson_spec.review_note if lesson_spec.review else None
            lesson.is_published = True
            wanted_lessons.add(lesson_spec.slug)
            step()
    db.session.flush()
    for slug, lesson in lessons.items():
        if slug not in wanted_lessons:
            db.session.delete(lesson)
    db.session.flush()
    for slug, module in modules.items():
        if slug not in wanted_modules:
            db.session.delete(module)
    db.session.flush()


def _write_guide(course: Course, source: str | None) -> None:
    """The package is the whole truth: a package without a guide removes the course's."""
    if source is None:
        course.guide = None
    elif course.guide is None:
        course.guide = FacilitatorGuide(source=source)
    elif course.guide.source != source:
        course.guide.source = source


def write_course(spec: CourseSpec, step: Callable[[], None] = lambda: None) -> tuple[Course, bool]:
    """Create or update the course ``spec`` describes; (course, created)."""
    course = db.session.scalar(select(Course).where(Course.slug == spec.slug))
    created = course is None
    if created:
        course = Course(slug=spec.slug)
        db.session.add(course)
    course.language, course.title, course.summary = spec.language, spec.title, spec.summary
    course.translation_group, course.status = spec.translation_group, spec.status
    course.hours, course.outcomes = spec.hours, spec.outcomes or None
    db.session.flush()
    _write_lessons(course, spec, step)
    _write_guide(course, spec.facilitator_guide)
    for writer in COURSE_WRITERS:
        writer(course, spec)
    if not created:  # lessons and quizzes may have gone, quiz rules changed
        summaries.refresh_course(course.id)
    return course, created


def import_packages(
    path: Path,
    *,
    dry_run: bool = False,
    on_start: Callable[[int], Any] | None = None,
    step: Callable[[], None] = lambda: None,
    check: Callable[[list[CourseSpec]], list[Problem]] | None = None,
) -> ImportReport:
    """Check every package under ``path``; write them all only if none has a problem.

    ``check`` may add problems of its own (e.g. a course the importer may not change).
    """
    specs, problems = load_packages(path)
    if check is not None:
        problems += check(specs)
    report = ImportReport(problems=problems)
    if problems or dry_run:
        report.courses = [(spec.slug, "checked") for spec in specs]
        return report
    if on_start:
        on_start(sum(len(spec.lessons) for spec in specs))
    for spec in specs:
        course, created = write_course(spec, step)
        report.courses.append((course.slug, "created" if created else "updated"))
    return report
