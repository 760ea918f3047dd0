"""The trainer's workspace: courses, modules and lessons, their order, their trainers.

Services flush; the request commits. Lesson text goes through revisions.py, so that every
save is kept and trainees read only what was published.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..audit import record_event
from ..extensions import db
from ..learning import summaries
from ..learning.models import Course, CourseTrainer, Enrolment, Lesson, LessonProgress, Module
from ..ordering import move_in
from ..packages import MAX_SLUG
from ..quizzes.editing import AttemptStakes, attempts_at_stake, publish_quizzes
from ..slugs import free_slug
from . import revisions


def taught_courses(user: User) -> list[Course]:
    """The courses ``user`` owns or co-teaches; every course for an administrator."""
    query = select(Course).order_by(Course.title, Course.id)
    if not user.has_role("admin"):
        mine = select(CourseTrainer.course_id).where(CourseTrainer.user_id == user.id)
        query = query.where(Course.id.in_(mine))
    return list(db.session.scalars(query))


def course_for_editing(course_id: int) -> Course | None:
    """The course with every module and lesson, published or not, in three queries."""
    return db.session.scalar(
        select(Course)
        .where(Course.id == course_id)
        .options(selectinload(Course.modules).selectinload(Module.lessons))
    )


def create_course(*, by: User, **fields) -> Course:
    course = Course(status="draft", **fields)
    course.trainers.append(CourseTrainer(user_id=by.id, is_owner=True))
    db.session.add(course)
    db.session.flush()
    record_event(by, "course.created", course)
    return course


def update_course(course: Course, *, by: User, **fields) -> None:
    for name, value in fields.items():
        setattr(course, name, value)
    db.session.flush()
    record_event(by, "course.updated", course)


def publish_course(course: Course, *, by: User) -> None:
    """Trainees see the course, with every lesson, pending draft and quiz published."""
    course.status = "published"
    for module in course.modules:
        for lesson in module.lessons:
            revisions.publish_lesson(lesson)
    publish_quizzes(course)
    db.session.flush()
    record_event(by, "course.published", course)


def empty_modules(course: Course) -> list[Module]:
    """The modules without a lesson: publishing shows a warning naming them."""
    return [module for module in course.modules if not module.lessons]


def unpublish_course(course: Course, *, by: User) -> None:
    course.status = "draft"
    record_event(by, "course.unpublished", course)


def delete_course(course: Course, *, by: User) -> None:
    record_event(by, "course.deleted", course)
    db.session.delete(course)
    db.session.flush()


# -- modules and lessons ---------------------------------------------------------------
def add_module(course: Course, *, slug: str, title: str, summary: str, by: User) -> Module:
    position = max((module.position for module in course.modules), default=0) + 1
    module = Module(course=course, slug=slug, title=title, summary=summary, position=position)
    db.session.add(module)
    db.session.flush()
    record_event(by, "module.created", module)
    return module


def update_module(module: Module, *, slug: str, title: str, summary: str, by: User) -> None:
    module.slug, module.title, module.summary = slug, title, summary
    db.session.flush()
    record_event(by, "module.updated", module)


def add_lesson(module: Module, *, slug: str, by: User, **content) -> Lesson:
    """A new lesson at the end of ``module``; in a published course it waits unpublished."""
    position = max((lesson.position for lesson in module.lessons), default=0) + 1
    lesson = Lesson(
        course=module.course,
        module=module,
        slug=slug,
        position=position,
        is_published=not module.course.is_published,
        title=content["title"],
    )
    db.session.add(lesson)
    db.session.flush()
    revisions.save_lesson(lesson, **content, by=by)
    record_event(by, "lesson.created", lesson)
    return lesson


def move(item: Module | Lesson, *, direction: str | None, position: int | None, by: User):
    """Move a module or lesson up or down one place, or to ``position`` (1-based)."""
    siblings = list(item.course.modules if isinstance(item, Module) else item.module.lessons)
    if not move_in(siblings, item, direction=direction, position=position):
        return
    for number, sibling in enumerate(siblings, start=1):
        sibling.position = number
    db.session.flush()
    record_event(by, f"{type(item).__name__.lower()}.moved", item)


@dataclass(frozen=True)
class LossReport:
    """What deleting something would take from trainees."""

    trainees: int = 0
    completions: int = 0
    enrolments: int = 0
    attempts: AttemptStakes = AttemptStakes()  # at the quizzes that go with it

    @property
    def loses_anything(self) -> bool:
        return bool(self.completions or self.enrolments or self.attempts.any)


def progress_at_stake(item: Course | Module | Lesson) -> LossReport:
    """How many trainees have progress in ``item``: completed lessons, quiz attempts."""
    query = select(func.count(func.distinct(LessonProgress.user_id)), func.count(LessonProgress.id))
    query = query.join(Lesson, Lesson.id == LessonProgress.lesson_id)
    if isinstance(item, Course):
        query = query.where(Lesson.course_id == item.id)
    elif isinstance(item, Module):
        query = query.where(Lesson.module_id == item.id)
    else:
        query = query.where(Lesson.id == item.id)
    trainees, completions = db.session.execute(query).one()
    enrolments, attempts = 0, AttemptStakes()
    if isinstance(item, Course):
        enrolments = db.session.scalar(
            select(func.count(Enrolment.id)).where(Enrolment.course_id == item.id)
        )
        attempts = attempts_at_stake(course_id=item.id)
    elif isinstance(item, Module):
        attempts = attempts_at_stake(module_id=item.id)
    return LossReport(trainees, completions, enrolments or 0, attempts)


def delete_item(item: Module | Lesson, *, by: User) -> None:
    record_event(by, f"{type(item).__name__.lower()}.deleted", item)
    siblings = item.course.modules if isinstance(item, Module) else item.module.lessons
    siblings.remove(item)
    db.session.delete(item)
    for number, sibling in enumerate(siblings, start=1):
        sibling.position = number
    db.session.flush()
    # Its completed lessons (and a module's quiz attempts) went with it.
    summaries.refresh_course(item.course_id)


# -- trainers --------------------------------------------------------------------------
def trainers_of(course: Course) -> list[CourseTrainer]:
    return sorted(course.trainers, key=lambda row: (not row.is_owner, row.user.username))


def add_trainer(course: Course, trainer: User, *, by: User) -> CourseTrainer:
    row = CourseTrainer(course=course, user_id=trainer.id, is_owner=False)
    db.session.add(row)
    db.session.flush()
    record_event(by, "course.trainer_added", course)
    return row


def remove_trainer(course: Course, row: CourseTrainer, *, by: User) -> None:
    course.trainers.remove(row)
    db.session.flush()
    record_event(by, "course.trainer_removed", course)


def translations_of(course: Course) -> list[Course]:
    """The other courses in the same translation group, published or not."""
    if not course.translation_group:
        return []
    query = select(Course).where(
        Course.translation_group == course.translation_group, Course.id != course.id
    )
    return list(db.session.scalars(query.order_by(Course.language)))


def slug_taken(slug: str, *, exclude: int | None = None) -> bool:
    query = select(Course.id).where(Course.slug == slug)
    if exclude is not None:
        query = query.where(Course.id != exclude)
    return db.session.scalar(query) is not None


def propose_course_slug(title: str) -> str:
    """A free short name made from ``title`` (any script): "title", else "title-2", …"""
    return free_slug(title, slug_taken, fallback="course", max_length=MAX_SLUG)


def course_by_slug(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))
