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
from .policies import organizer_reaches, runs_cohort_of
from .services import cohort_issuer, cohort_signatories, organizer_cohort


def issue_for(cohort: Cohort, user: Any, course: Course, *, by: Any) -> Certificate:
    """Issue (or reinstate) the certificate in the cohort's name."""
    return certificates.issue_certificate(
        user,
        course,
        by=by,
        issuer=cohort_issuer(cohort, course.language),
        signatories=cohort_signatories(cohort),
        cohort_id=cohort.id,
    )


def issue_as_organizer(by: Any, holder: Any, course: Course) -> Certificate | None:
    """DELEGATIONS "cohorts": an organizer issues in the name of a cohort they run in which
    the person takes the course, never over a certificate the person has from elsewhere."""
    if not organizer_reaches(by, holder.id, course.id):
        return None
    cohort = organizer_cohort(by, holder.id, course.id)
    if cohort is None or not may_issue_for(cohort, holder, course, by=by):
        return None
    return issue_for(cohort, holder, course, by=by)


def may_revoke(by: Any, certificate: Certificate) -> bool:
    """DELEGATIONS "cohorts": a certificate in the name of a cohort ``by`` runs, while its
    holder takes part in it."""
    return certificate.cohort_id is not None and runs_cohort_of(
        by, certificate.cohort_id, certificate.user_id
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
