"""Certificates an organizer issues for a cohort: the cohort's organization is the issuer
and its signature lines are printed (the course's own when the cohort has none)."""

from typing import Any

from sqlalchemy import select

from ..certificates import services as certificates
from ..certificates.models import Certificate
from ..extensions import db
from ..learning.models import Course
from ..learning.services import progress_for
from .models import Cohort, CohortParticipant
from .services import cohort_issuer, cohort_signatories


def issue_for(cohort: Cohort, user: Any, course: Course, *, by: Any) -> Certificate:
    """Issue (or reinstate) the certificate in the cohort's name."""
    return certificates.issue_certificate(
        user,
        course,
        by=by,
        issuer=cohort_issuer(cohort),
        signatories=cohort_signatories(cohort),
        cohort_id=cohort.id,
    )


def may_issue_for(cohort: Cohort, user: Any, course: Course, *, by: Any) -> bool:
    """Issuing from a cohort's page creates a certificate in the cohort's name, or
    reinstates one revoked in its name. One the holder has from elsewhere (earned on
    their own, or through another cohort) is not the cohort's to show or change."""
    existing = certificates.certificate_for(user, course)
    return existing is None or existing.cohort_id == cohort.id or by.has_role("admin")


def issue_to_completers(cohort: Cohort, course: Course, *, by: Any) -> int:
    """Issue the certificate to every participant who completed ``course`` and has none;
    returns how many were issued."""
    participants = select(CohortParticipant.user_id).where(CohortParticipant.cohort_id == cohort.id)
    summaries = progress_for(participants, [course.id])
    completers = [user_id for (user_id, _c), summary in summaries.items() if summary.is_complete]
    holders = set(
        db.session.scalars(
            select(Certificate.user_id).where(
                Certificate.course_id == course.id, Certificate.user_id.in_(completers)
            )
        )
    )
    from ..accounts.models import User

    users = db.session.scalars(select(User).where(User.id.in_(set(completers) - holders)))
    count = 0
    for user in users:
        issue_for(cohort, user, course, by=by)
        count += 1
    return count
