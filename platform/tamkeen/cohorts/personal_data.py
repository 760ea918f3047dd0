"""What cohorts keep about a person: the cohorts they take part in, run or are invited to,
and the invitations they made. Registered with accounts' personal-data sections."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from ..accounts.personal_data import register_section
from ..audit import forget_targets
from ..extensions import db
from .models import (
    Cohort,
    CohortOrganizer,
    CohortParticipant,
    Invitation,
    Organization,
    PersonalInvitation,
)


def _taking(user) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(CohortParticipant.joined_at, Cohort.name, Organization.name)
        .join(Cohort, Cohort.id == CohortParticipant.cohort_id)
        .outerjoin(Organization, Organization.id == CohortParticipant.organization_id)
        .where(CohortParticipant.user_id == user.id)
        .order_by(CohortParticipant.id)
    )
    return [
        {"cohort": name, "as": "participant", "organization": organization, "since": at}
        for at, name, organization in rows
    ]


def _invited(user) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(PersonalInvitation.created_at, Cohort.name, Organization.name)
        .join(Cohort, Cohort.id == PersonalInvitation.cohort_id)
        .outerjoin(Organization, Organization.id == PersonalInvitation.organization_id)
        .where(PersonalInvitation.user_id == user.id)
        .order_by(PersonalInvitation.id)
    )
    return [
        {"cohort": name, "as": "invited", "organization": organization, "since": at}
        for at, name, organization in rows
    ]


def _cohorts(user) -> list[dict[str, Any]]:
    running = db.session.execute(
        select(CohortOrganizer.added_at, Cohort.name)
        .join(Cohort, Cohort.id == CohortOrganizer.cohort_id)
        .where(CohortOrganizer.user_id == user.id)
        .order_by(CohortOrganizer.id)
    )
    return (
        _taking(user)
        + _invited(user)
        + [{"cohort": name, "as": "organizer", "since": at} for at, name in running]
    )


def _erase_cohorts(user) -> None:
    """The cohorts stay (others take part in them); the person leaves them and their
    invitations to them. Invitations they made stay valid for the others, without their
    maker."""
    for model in (CohortParticipant, CohortOrganizer):
        ids = list(db.session.scalars(select(model.id).where(model.user_id == user.id)))
        forget_targets(model.__name__, ids)
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(delete(PersonalInvitation).where(PersonalInvitation.user_id == user.id))
    db.session.execute(
        update(Invitation).where(Invitation.created_by_id == user.id).values(created_by_id=None)
    )
    db.session.execute(
        update(PersonalInvitation)
        .where(PersonalInvitation.invited_by_id == user.id)
        .values(invited_by_id=None)
    )


def register_personal_data() -> None:
    register_section(
        "cohorts",
        _l("Cohorts you take part in, are invited to or run"),
        export=_cohorts,
        erase=_erase_cohorts,
        labels={
            "cohort": _l("Cohort"),
            "as": _l("As"),
            "organization": _l("Your organization in it"),
            "since": _l("Since"),
        },
        values={
            "as": {
                "participant": _l("participant"),
                "invited": _l("invited, not yet answered"),
                "organizer": _l("organizer"),
            }
        },
    )
