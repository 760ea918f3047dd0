"""Who may see and change a course. Modules and lessons ask their course."""

from ..accounts.permissions import register_policy
from .models import Course


def can_view_course(user, course: Course) -> bool:
    if course.is_published:
        return True
    return can_edit_course(user, course)


def can_edit_course(user, course: Course) -> bool:
    return user is not None and user.has_role("admin")


register_policy(Course, view=can_view_course, edit=can_edit_course)
