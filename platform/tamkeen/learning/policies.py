"""Who may see and change a course. Modules and lessons ask their course.

Owners and co-trainers change their courses; administrators change every course, and
own those that nobody else does (the bundled ones). A draft is visible only to them.
"""

from sqlalchemy import select

from ..extensions import db
from .models import Course, CourseTrainer


def _trainer_row(user, course: Course) -> CourseTrainer | None:
    if user is None or course.id is None:
        return None
    return db.session.scalar(
        select(CourseTrainer).where(
            CourseTrainer.course_id == course.id, CourseTrainer.user_id == user.id
        )
    )


def can_view_course(user, course: Course) -> bool:
    if course.is_published:
        return True
    return can_edit_course(user, course)


def can_edit_course(user, course: Course) -> bool:
    if user is None:
        return False
    if user.has_role("admin"):
        return True
    return user.has_role("trainer") and _trainer_row(user, course) is not None


def can_manage_course(user, course: Course) -> bool:
    """Add and remove co-trainers, delete the course: the owner and administrators."""
    if user is None:
        return False
    if user.has_role("admin"):
        return True
    row = _trainer_row(user, course)
    return user.has_role("trainer") and row is not None and row.is_owner
