"""What the trainee path keeps about a person: enrolments, completed lessons, and for
trainers the courses they teach. Registered with accounts' personal-data sections."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..accounts.personal_data import register_section
from ..audit import forget_targets
from ..extensions import db
from .models import Course, CourseTrainer, Enrolment, Lesson, LessonProgress, ProgressSummary


def _enrolments(user) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Enrolment, Course.title)
        .join(Course, Course.id == Enrolment.course_id)
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.enrolled_at, Enrolment.id)
    )
    return [
        {"course_id": e.course_id, "course": title, "enrolled_at": e.enrolled_at}
        for e, title in rows
    ]


def _erase_enrolments(user) -> None:
    ids = list(db.session.scalars(select(Enrolment.id).where(Enrolment.user_id == user.id)))
    forget_targets("Enrolment", ids)
    db.session.execute(delete(Enrolment).where(Enrolment.user_id == user.id))
    # The stored progress summaries (learning/summaries.py) go with the enrolments.
    db.session.execute(delete(ProgressSummary).where(ProgressSummary.user_id == user.id))


def _progress(user) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(LessonProgress.completed_at, Lesson.id, Lesson.title, Course.title)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .where(LessonProgress.user_id == user.id)
        .order_by(LessonProgress.completed_at, LessonProgress.id)
    )
    return [
        {"lesson_id": lesson_id, "lesson": title, "course": course, "completed_at": at}
        for at, lesson_id, title, course in rows
    ]


def _erase_progress(user) -> None:
    db.session.execute(delete(LessonProgress).where(LessonProgress.user_id == user.id))


def _teaching(user) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(CourseTrainer, Course.title)
        .join(Course, Course.id == CourseTrainer.course_id)
        .where(CourseTrainer.user_id == user.id)
        .order_by(CourseTrainer.id)
    )
    return [
        {
            "course_id": row.course_id,
            "course": title,
            "is_owner": row.is_owner,
            "added_at": row.added_at,
        }
        for row, title in rows
    ]


def _erase_teaching(user) -> None:
    """The courses stay (they are the trainees'); a course left without trainers belongs
    to the administrators, as the bundled ones do."""
    ids = list(db.session.scalars(select(CourseTrainer.id).where(CourseTrainer.user_id == user.id)))
    forget_targets("CourseTrainer", ids)
    db.session.execute(delete(CourseTrainer).where(CourseTrainer.user_id == user.id))


def register_personal_data() -> None:
    course, course_id = _l("Course"), _l("Course number")
    register_section(
        "enrolments",
        _l("Courses you enrolled in"),
        export=_enrolments,
        erase=_erase_enrolments,
        labels={"course_id": course_id, "course": course, "enrolled_at": _l("Enrolled on")},
    )
    register_section(
        "lesson_progress",
        _l("Lessons you completed"),
        export=_progress,
        erase=_erase_progress,
        labels={
            "lesson_id": _l("Lesson number"),
            "lesson": _l("Lesson"),
            "course": course,
            "completed_at": _l("Completed on"),
        },
    )
    register_section(
        "teaching",
        _l("Courses you teach"),
        export=_teaching,
        erase=_erase_teaching,
        labels={
            "course_id": course_id,
            "course": course,
            "is_owner": _l("Owner of the course"),
            "added_at": _l("Since"),
        },
    )
