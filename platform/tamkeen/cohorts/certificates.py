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
    return certificates.issue_certificate(
        user,
        course,
        by=by,
        issuer=cohort_issuer(cohort),
        signatories=cohort_signatories(cohort),
    )


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
