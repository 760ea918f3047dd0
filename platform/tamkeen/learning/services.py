"""The rules of the trainee path: enrolment, completion and progress.

Progress follows the definition → enrolment → log → summary pattern (see progress.py,
where it is defined once, in SQL): ``progress_for`` gives the trainee's pages one summary
per course from it.
"""

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from blinker import Namespace
from sqlalchemy import bindparam, case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..quizzes.models import Quiz
from ..quizzes.standing import course_summary_query, is_passed_row
from ..registry import Registry
from ..statements import COURSE_ID, COURSE_IDS, USER_ID, USER_IDS, is_id_list, prepared
from . import summaries
from .models import Course, Enrolment, Lesson, LessonProgress, Module
from .progress import CourseProgress, progress_query, summary_of

signals = Namespace()
# Sent with the user and the course when the last lesson or quiz of a course is done.
course_completed = signals.signal("course-completed")

# What other domains add to My learning (cohorts: invitations, my cohorts and leaving):
# each is called with the person and returns a template partial and its context, or None.
LEARNING_PANELS: Registry[Callable[[Any], tuple[str, dict] | None]] = Registry(
    "adds a panel to My learning"
)


def published_courses(language: str | None = None, first: str | None = None) -> list[Course]:
    """Published courses, by title; those in the language ``first`` come first."""
    query = select(Course).where(Course.status == "published")
    if language:
        query = query.where(Course.language == language)
    if first:
        query = query.order_by(case((Course.language == first, 0), else_=1))
    return list(db.session.scalars(query.order_by(Course.title)))


@prepared
def _published_translations() -> Any:
    return (
        select(Course)
        .where(
            Course.translation_group == bindparam("group"),
            Course.id != COURSE_ID,
            Course.status == "published",
        )
        .order_by(Course.language)
    )


def published_translations(course: Course) -> list[Course]:
    """The published courses that translate ``course``, in one query (built once)."""
    if not course.translation_group:
        return []
    values = {"group": course.translation_group, "course_id": course.id}
    return list(db.session.scalars(_published_translations(), values))


@prepared
def _course_outline() -> Any:
    return (
        select(Course)
        .where(Course.id == COURSE_ID)
        .options(joinedload(Course.modules).joinedload(Module.lessons.and_(Lesson.is_published)))
    )


def course_outline(course_id: int) -> Course | None:
    """The course with its modules and published lessons, in one query (joined: a selectin
    load costs more Python than the course's columns repeated on each row)."""
    found = db.session.scalars(_course_outline(), {"course_id": course_id})
    return found.unique().one_or_none()


def lessons_in_order(course: Course) -> list[Lesson]:
    return [lesson for module in course.modules for lesson in module.lessons]


def neighbours(course: Course, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    lessons = lessons_in_order(course)
    index = lessons.index(lesson)
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    return previous, following


@prepared
def _enrolment() -> Any:
    return select(Enrolment).where(Enrolment.user_id == USER_ID, Enrolment.course_id == COURSE_ID)


def find_enrolment(user, course: Course) -> Enrolment | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(_enrolment(), {"user_id": user.id, "course_id": course.id})


def enrol(user, course: Course) -> Enrolment:
    """Enrol ``user`` in ``course``; enrolling twice changes nothing."""
    enrolment = find_enrolment(user, course)
    if enrolment is not None:
        return enrolment
    try:
        with db.session.begin_nested():
            enrolment = Enrolment(user_id=user.id, course_id=course.id)
            db.session.add(enrolment)
    except IntegrityError:  # a concurrent request enrolled first
        return find_enrolment(user, course)
    summaries.refresh([user.id], [course.id])
    return enrolment


@prepared
def _completed_lesson_ids() -> Any:
    return (
        select(LessonProgress.lesson_id)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id == USER_ID, Lesson.course_id == COURSE_ID)
    )


def completed_lesson_ids(user, course: Course) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    values = {"user_id": user.id, "course_id": course.id}
    return set(db.session.scalars(_completed_lesson_ids(), values))


def mark_complete(user, lesson: Lesson) -> bool:
    """Record that ``user`` finished ``lesson``; True if this completed the course."""
    exists = db.session.scalar(
        select(LessonProgress.id).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id
        )
    )
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
        except IntegrityError:
            return False
        summaries.refresh([user.id], [lesson.course_id])
    return check_completion(user, lesson.course)


def check_completion(user, course: Course) -> bool:
    """Announce the course's completion when every step is done."""
    summary = progress_for([user.id], [course.id]).get((user.id, course.id))
    if summary is not None and summary.is_complete:
        course_completed.send(course, user=user)
        return True
    return False


@prepared
def _progress_of_listed() -> Any:
    return progress_query(USER_IDS, COURSE_IDS)


def progress_for(user_ids, course_ids: Iterable[int]) -> dict[tuple[int, int], CourseProgress]:
    """One summary per enrolled (user, course) pair, in one query."""
    if is_id_list(user_ids):
        values = {"user_ids": list(user_ids), "course_ids": list(course_ids)}
        rows = db.session.execute(_progress_of_listed(), values)
    else:
        rows = db.session.execute(progress_query(user_ids, course_ids))
    return {(row.user_id, row.course_id): summary_of(row) for row in rows}


def outline_progress(
    course: Course, done: set[int], quizzes: dict, passed: set[int]
) -> CourseProgress:
    """One trainee's progress in ``course`` from what its page has loaded already: the
    outline of published lessons (``course_outline``), ``completed_lesson_ids``, the
    published quizzes (``quizzes_by_module``) and those passed (``standings``, by each
    quiz's rule): ``progress_query``'s four counts, taken over the same rows, without
    running it again. Lessons done count whether published or not, as there; a lesson
    belongs to its module's course. ``tests/learning/test_my_learning_statements.py``
    compares the two in every case where they could part."""
    return CourseProgress(
        lessons_done=len(done),
        lessons_total=sum(len(module.lessons) for module in course.modules),
        quizzes_passed=len(passed),
        quizzes_total=len(quizzes),
    )


@prepared
def _my_courses() -> Any:
    """``progress_query`` for the person's enrolled courses, with the columns My learning
    prints of each course, newest enrolment first: one statement, no entities loaded."""
    enrolled = aliased(Enrolment)  # not correlated with the outer query's enrolments
    course_ids = select(enrolled.course_id).where(enrolled.user_id == USER_ID)
    return (
        progress_query(USER_IDS, course_ids)
        .add_columns(Course.title, Course.language)
        .join(Course, Course.id == Enrolment.course_id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
    )


class CourseCard(NamedTuple):
    """What My learning prints of an enrolled course."""

    id: int
    title: str
    language: str


def my_courses(user) -> list[tuple[CourseCard, CourseProgress]]:
    """The person's courses, newest enrolment first, each with its progress (one query)."""
    rows = db.session.execute(_my_courses(), {"user_id": user.id, "user_ids": [user.id]})
    return [(CourseCard(row.course_id, row.title, row.language), summary_of(row)) for row in rows]


def next_lesson(course: Course, done: set[int]) -> Lesson | None:
    """Where to continue: the first lesson not yet done, in course order."""
    for lesson in lessons_in_order(course):
        if lesson.id not in done:
            return lesson
    return None


def next_step(
    course: Course, done: set[int], quizzes: dict, passed: set[int]
) -> tuple[str, Lesson | Quiz] | None:
    """Where to continue: the first lesson not done or quiz not passed, in course order.

    ``quizzes`` maps module ids (None for the final quiz) to quizzes. A module's quiz
    comes after its lessons; the final quiz after every module.
    """
    for module in course.modules:
        for lesson in module.lessons:
            if lesson.id not in done:
                return "lesson", lesson
        quiz = quizzes.get(module.id)
        if quiz is not None and quiz.id not in passed:
            return "quiz", quiz
    final = quizzes.get(None)
    if final is not None and final.id not in passed:
        return "quiz", final
    return None


class Step(NamedTuple):
    """A lesson's or a quiz's columns that My learning's "continue" prints."""

    id: int
    course_id: int
    title: str
    module_id: int | None = None

    @property
    def is_final(self) -> bool:  # a quiz's: as Quiz.is_final
        return self.module_id is None


@prepared
def _lessons_not_done() -> Any:
    done = select(LessonProgress.lesson_id).where(LessonProgress.user_id == USER_ID)
    return (
        select(Lesson.id, Lesson.course_id, Lesson.title, Module.position, Lesson.position)
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id.in_(COURSE_IDS), Lesson.is_published, Lesson.id.not_in(done))
    )


@prepared
def _quizzes_with_standing() -> Any:
    """The courses' published quizzes, each with what ``passed_quiz_ids`` decides by
    (its summary row: one per quiz with an attempt), in one statement."""
    summary = course_summary_query(USER_IDS, COURSE_IDS).subquery()
    return (
        select(
            Quiz.id,
            Quiz.course_id,
            Quiz.title,
            Quiz.module_id,
            Module.position,
            summary.c.counts,
            summary.c.any_passed,
            summary.c.last_passed,
        )
        .outerjoin(Module, Module.id == Quiz.module_id)
        .outerjoin(summary, summary.c.quiz_id == Quiz.id)
        .where(Quiz.course_id.in_(COURSE_IDS), Quiz.is_published)
    )


def continue_steps(user, course_ids: Iterable[int]) -> dict[int, tuple[str, Step]]:
    """For each course, ``next_step`` for ``user``, in two queries (columns, no entities)."""
    course_ids = list(course_ids)
    values = {"user_id": user.id, "user_ids": [user.id], "course_ids": course_ids}
    lessons = db.session.execute(_lessons_not_done(), values).all()
    quizzes = db.session.execute(_quizzes_with_standing(), values).all()
    steps = [
        ((course_id, place, 0, position), "lesson", Step(id_, course_id, title))
        for id_, course_id, title, place, position in lessons
    ]
    steps += [
        (
            (row.course_id, row.position if row.position is not None else float("inf"), 1, 0),
            "quiz",
            Step(row.id, row.course_id, row.title, row.module_id),
        )
        for row in quizzes
        if row.counts is None or not is_passed_row(row)  # no attempt, or not passed
    ]
    first: dict[int, tuple[str, Step]] = {}
    for key, kind, target in sorted(steps, key=lambda step: step[0]):
        first.setdefault(key[0], (kind, target))
    return first
