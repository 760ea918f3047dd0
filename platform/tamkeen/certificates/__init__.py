"""Certificates: issued on completion or by organizers, verified publicly, printed as PDF."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..accounts.permissions import register_policy
    from ..learning.services import course_completed
    from ..packages import COURSE_WRITERS, PACKAGE_WRITERS, SECTION_READERS
    from ..registry import register_blueprint
    from . import credential_views, packages, policies, views
    from .audit_words import register_audit_words
    from .commands import certificates_cli
    from .models import Certificate
    from .personal_data import register_personal_data
    from .services import issue_on_completion, register_notices

    register_policy(
        Certificate, view=policies.can_view_certificate, edit=policies.can_edit_certificate
    )
    SECTION_READERS.add("certificate", packages.read_certificate_section)
    COURSE_WRITERS.add("certificates", packages.write_signatories)
    PACKAGE_WRITERS.add("certificates", packages.export_signatories)
    register_personal_data()
    register_audit_words()
    register_notices()
    course_completed.connect(issue_on_completion)
    register_blueprint(app, views.bp, routes_from=(credential_views,))
    app.cli.add_command(certificates_cli)
