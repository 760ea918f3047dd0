"""The trainee path: the catalogue, courses, lessons, enrolment and progress."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..accounts.permissions import register_policy
    from ..jobs import TASKS
    from ..registry import register_blueprint
    from . import handbook, policies, statement_views, views
    from .models import Course
    from .personal_data import register_personal_data

    register_policy(
        Course,
        view=policies.can_view_course,
        edit=policies.can_edit_course,
        manage=policies.can_manage_course,
    )
    register_personal_data()
    TASKS.add("handbook", handbook.handbook_task)
    register_blueprint(app, views.bp, routes_from=(statement_views,))
