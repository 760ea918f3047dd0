"""Cohorts: partner organizations, training programmes, their participants and courses."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..accounts.permissions import register_policy
    from ..accounts.services import WELCOME_NOTES
    from ..certificates.services import DELEGATIONS, LOGOS, SPONSORS, Delegation
    from ..learning.guides import GUIDE_READERS
    from ..learning.services import LEARNING_PANELS
    from ..registry import register_blueprint
    from . import (
        certificate_views,
        certificates,
        extra_time_views,
        join_views,
        membership,
        membership_views,
        policies,
        services,
        views,
    )
    from .audit_words import register_audit_words
    from .models import Cohort
    from .personal_data import register_personal_data

    register_policy(Cohort, view=policies.can_run_cohort, edit=policies.can_run_cohort)
    SPONSORS.add("cohorts", services.sponsor_for)
    LOGOS.add("cohorts", services.certificate_logo)
    DELEGATIONS.add(
        "cohorts",
        Delegation(
            course_ids=services.organized_course_ids,
            issue=certificates.issue_as_organizer,
            may_revoke=certificates.may_revoke,
        ),
    )
    LEARNING_PANELS.add("cohorts", membership.my_learning_panel)
    GUIDE_READERS.add("cohorts", policies.organizes_course)
    WELCOME_NOTES.add("cohorts", membership.welcome_note)
    register_personal_data()
    register_audit_words()
    membership.register_notices()
    register_blueprint(
        app,
        views.bp,
        routes_from=(certificate_views, extra_time_views, join_views, membership_views),
    )
