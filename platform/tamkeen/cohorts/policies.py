"""Who may see and run a cohort: its organizers (holding the organizer role) and
administrators. Everyone else, trainers and trainees included, may not even learn that a
cohort exists: the views answer 404 for a cohort one does not organize.
"""

from sqlalchemy import exists, select

from ..extensions import db
from .models import Cohort, CohortCourse, CohortOrganizer, CohortParticipant


def organizes(user, cohort_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CohortOrganizer.cohort_id == cohort_id, CohortOrganizer.user_id == user.id
                )
            )
        )
    )


def can_run_cohort(user, cohort: Cohort) -> bool:
    if user is None:
        return False
    if user.has_role("admin"):
        return True
    return user.has_role("organizer") and organizes(user, cohort.id)


def organizes_course(user, course) -> bool:
    """Whether ``user`` runs a cohort that takes this course (its facilitator guide is
    theirs to read)."""
    if user is None or not user.has_role("organizer"):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CohortCourse.course_id == course.id,
                    CohortCourse.cohort_id == CohortOrganizer.cohort_id,
                    CohortOrganizer.user_id == user.id,
                )
            )
        )
    )


def organizer_reaches(user, participant_id: int, course_id: int) -> bool:
    """Whether ``user`` runs a cohort in which this person takes this course.

    Certificates ask this: organizers issue and revoke only for their own cohorts.
    """
    if user is None:
        return False
    if user.has_role("admin"):
        return True
    if not user.has_role("organizer"):
        return False
    query = (
        select(CohortParticipant.id)
        .join(CohortOrganizer, CohortOrganizer.cohort_id == CohortParticipant.cohort_id)
        .join(CohortCourse, CohortCourse.cohort_id == CohortParticipant.cohort_id)
        .where(
            CohortOrganizer.user_id == user.id,
            CohortParticipant.user_id == participant_id,
            CohortCourse.course_id == course_id,
        )
    )
    return db.session.scalar(select(exists(query))) or False


def runs_cohort_of(user, cohort_id: int, participant_id: int) -> bool:
    """Whether ``user`` organizes this cohort and the person still takes part in it (a
    certificate issued in the cohort's name is its organizers' only while so)."""
    query = (
        select(CohortParticipant.id)
        .join(CohortOrganizer, CohortOrganizer.cohort_id == CohortParticipant.cohort_id)
        .where(
            CohortOrganizer.user_id == user.id,
            CohortParticipant.cohort_id == cohort_id,
            CohortParticipant.user_id == participant_id,
        )
    )
    return db.session.scalar(select(exists(query))) or False


def cohort_or_404(user, cohort_id: int) -> Cohort:
    """The cohort if ``user`` runs it; 404 otherwise, so that its existence stays hidden."""
    from flask import abort

    from ..accounts.permissions import can_view

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not can_view(user, cohort):
        abort(404)
    return cohort


def participant_or_404(user, cohort_id: int, user_id: int) -> tuple[Cohort, CohortParticipant]:
    """The cohort ``user`` runs and one of its participants; 404 for either one missing."""
    from flask import abort

    from .services import find_participant

    cohort = cohort_or_404(user, cohort_id)
    member = find_participant(cohort, user_id)
    if member is None:
        abort(404)
    return cohort, member
