"""Quizzes: questions of nine kinds (essays graded by trainers), attempts that never lose an
answer, statistics, GIFT."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..packages import COPY_WRITERS, COURSE_WRITERS, PACKAGE_WRITERS, QUIZ_READERS
    from ..registry import register_blueprint
    from . import (
        extra_time_views,
        grading_views,
        package,
        teach,  # noqa: F401  (trainers' quiz pages join views.bp)
        views,
    )
    from .audit_words import register_audit_words
    from .grading import register_notices
    from .personal_data import register_personal_data

    QUIZ_READERS.add("default", package.read_quiz)
    COURSE_WRITERS.add("quizzes", package.write_course_quizzes)
    PACKAGE_WRITERS.add("quizzes", package.write_package_quizzes)
    COPY_WRITERS.add("quizzes", package.copy_course_quizzes)
    register_personal_data()
    register_audit_words()
    register_notices()
    register_blueprint(app, views.bp, routes_from=(teach, extra_time_views, grading_views))
