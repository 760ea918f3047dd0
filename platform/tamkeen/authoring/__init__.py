"""Trainer authoring: the workspace, lesson revisions, images, course packages."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..packages import COURSE_WRITERS, PACKAGE_PARTS, REFERENCE_CHECKERS
    from ..registry import register_blueprint
    from . import images, lesson_views, media_views, package_views, quiz_views, revisions, views
    from .audit_words import register_audit_words
    from .personal_data import register_personal_data

    PACKAGE_PARTS.add("images", images.read_package_images)
    REFERENCE_CHECKERS.add("image", images.package_has_image)
    COURSE_WRITERS.add("images", images.write_package_images)
    COURSE_WRITERS.add("revisions", revisions.record_imported_lessons)
    register_personal_data()
    register_audit_words()
    register_blueprint(app, views.bp, routes_from=(lesson_views, package_views, quiz_views))
    app.register_blueprint(media_views.media_bp)
