"""Consent: who follows a person is the person's decision.

An organizer may invite an existing account (by username, or from a CSV list); the
invitation waits (``PersonalInvitation``) until its owner accepts it, and only then are
they a participant, whose progress the cohort's organizers see in the cohort's courses. A
participant may leave at any time: the row goes, and with it the organizers' view. Until
someone accepts, the organizers see that the username was invited, and nothing else.
Services only flush; the request commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..accounts.notices import mark_subject_seen, notify
from ..audit import record_event
from ..extensions import db
from ..learning.models import Course
from ..statements import USER_ID, prepared
from ..tombstones import membership_key, record_tombstone
from .models import (
    Cohort,
    CohortCourse,
    CohortOrganizer,
    CohortParticipant,
    Organization,
    PersonalInvitation,
)
from .services import add_participants, member_ids

INVITED = "cohort.invited"  # the notice of a personal invitation


# -- what a person is told before saying yes -----------------------------------------
@dataclass
class Overview:
    """What a person needs to know about a cohort before joining or staying in it."""

    cohort: Cohort
    courses: list[Course] = field(default_factory=list)
    organizers: list[str] = field(default_factory=list)  # the names they show


def overviews(cohorts: Iterable[Cohort]) -> list[Overview]:
    """Each cohort with its courses and its organizers' names, in two queries."""
    found = {cohort.id: Overview(cohort) for cohort in cohorts}
    if not found:
        return []
    courses = db.session.execute(
        select(CohortCourse.cohort_id, Course)
        .join(Course, Course.id == CohortCourse.course_id)
        .where(CohortCourse.cohort_id.in_(found))
        .order_by(Course.title, Course.id)
    )
    for cohort_id, course in courses:
        found[cohort_id].courses.append(course)
    names = db.session.execute(
        select(CohortOrganizer.cohort_id, func.coalesce(User.display_name, User.username))
        .join(User, User.id == CohortOrganizer.user_id)
        .where(CohortOrganizer.cohort_id.in_(found))
        .order_by(CohortOrganizer.id)
    )
    for cohort_id, name in names:
        found[cohort_id].organizers.append(name)
    return list(found.values())


# -- the organizers' side --------------------------------------------------------------
def invite_people(
    cohort: Cohort, users: Iterable[Any], *, organization_id: int | None, by: Any
) -> tuple[int, int]:
    """Invite each person who is neither in the cohort nor invited yet; they get a
    notice. Returns (how many were invited now, how many already were in or invited)."""
    users = list(users)
    ids = [user.id for user in users]
    already = member_ids(cohort.id, ids) | invited_ids(cohort.id, ids)
    new = [user for user in users if user.id not in already]
    for user in new:
        db.session.add(
            PersonalInvitation(
                cohort_id=cohort.id,
                user_id=user.id,
                organization_id=organization_id or None,
                invited_by_id=getattr(by, "id", None),
            )
        )
        notify(user.id, INVITED, subject_id=cohort.id, cohort=cohort.name)
    db.session.flush()
    if new:
        record_event(by, "cohort.people_invited", cohort)
    return len(new), len(users) - len(new)


def invited_ids(cohort_id: int, user_ids: Iterable[int]) -> set[int]:
    query = select(PersonalInvitation.user_id).where(
        PersonalInvitation.cohort_id == cohort_id, PersonalInvitation.user_id.in_(list(user_ids))
    )
    return set(db.session.scalars(query))


def pending_query(cohort: Cohort):
    """Who was invited and has not answered (the page shows the username and the day,
    nothing else), newest first."""
    return (
        select(PersonalInvitation)
        .options(joinedload(PersonalInvitation.user))
        .where(PersonalInvitation.cohort_id == cohort.id)
        .order_by(PersonalInvitation.created_at.desc(), PersonalInvitation.id.desc())
    )


def pending_count(cohort: Cohort) -> int:
    query = select(func.count()).where(PersonalInvitation.cohort_id == cohort.id)
    return db.session.scalar(query) or 0


def withdraw_invitation(invitation: PersonalInvitation, *, by: Any) -> None:
    cohort = invitation.cohort
    mark_subject_seen([invitation.user_id], INVITED, cohort.id)
    db.session.delete(invitation)
    db.session.flush()
    record_event(by, "cohort.invitation_withdrawn", cohort)


def find_invitation(cohort_id: int, user_id: int) -> PersonalInvitation | None:
    return db.session.scalar(
        select(PersonalInvitation).where(
            PersonalInvitation.cohort_id == cohort_id, PersonalInvitation.user_id == user_id
        )
    )


# -- the person's side -----------------------------------------------------------------
@prepared
def _my_invitations() -> Any:
    return (
        select(PersonalInvitation)
        .where(PersonalInvitation.user_id == USER_ID)
        .order_by(PersonalInvitation.created_at.desc(), PersonalInvitation.id.desc())
    )


def my_invitations(user: Any) -> list[PersonalInvitation]:
    return list(db.session.scalars(_my_invitations(), {"user_id": user.id}))


def open_invitations(user: Any, cohort_ids: list[int]) -> set[int]:
    """Which of these cohorts' invitations to ``user`` still wait for an answer (the
    notices page shows their buttons)."""
    query = select(PersonalInvitation.cohort_id).where(
        PersonalInvitation.user_id == user.id, PersonalInvitation.cohort_id.in_(cohort_ids)
    )
    return set(db.session.scalars(query))


def accept_invitation(invitation: PersonalInvitation, *, user: Any) -> Cohort:
    """The person says yes: they join (enrolled in the cohort's courses) from now on."""
    cohort = invitation.cohort
    # add_participants takes the invitation away, and marks its notice seen.
    add_participants(cohort, [user], organization_id=invitation.organization_id, by=None)
    record_event(user, "cohort.invitation_accepted", cohort)
    return cohort


def decline_invitation(invitation: PersonalInvitation, *, user: Any) -> Cohort:
    """The person says no: the invitation goes; the organizers see only that it is gone."""
    cohort = invitation.cohort
    db.session.delete(invitation)
    db.session.flush()
    mark_subject_seen([user.id], INVITED, cohort.id)
    record_event(user, "cohort.invitation_declined", cohort)
    return cohort


@dataclass
class MyCohort:
    overview: Overview
    organization: Organization | None  # the person's own organization in it


@prepared
def _my_cohorts() -> Any:
    return (
        select(Cohort, Organization)
        .join(CohortParticipant, CohortParticipant.cohort_id == Cohort.id)
        .outerjoin(Organization, Organization.id == CohortParticipant.organization_id)
        .where(CohortParticipant.user_id == USER_ID)
        .order_by(CohortParticipant.joined_at.desc(), Cohort.id.desc())
    )


def my_cohorts(user: Any) -> list[MyCohort]:
    """The cohorts the person takes part in, with who sees what of theirs (four queries)."""
    rows = list(db.session.execute(_my_cohorts(), {"user_id": user.id}))
    views = {view.cohort.id: view for view in overviews(cohort for cohort, _o in rows)}
    return [MyCohort(views[cohort.id], organization) for cohort, organization in rows]


def membership(user: Any, cohort_id: int) -> CohortParticipant | None:
    return db.session.scalar(
        select(CohortParticipant).where(
            CohortParticipant.cohort_id == cohort_id, CohortParticipant.user_id == user.id
        )
    )


def leave_cohort(member: CohortParticipant, *, user: Any) -> Cohort:
    """The person leaves: the cohort's organizers stop seeing them at once (every report,
    table, dashboard and page reads ``cohort_participants``). Their enrolments, progress and
    certificates stay theirs. The audit log says that someone left, not what they took."""
    cohort = db.session.get(Cohort, member.cohort_id)
    record_tombstone("membership", membership_key(cohort.uuid, user.uuid))
    db.session.execute(delete(CohortParticipant).where(CohortParticipant.id == member.id))
    db.session.flush()
    record_event(user, "cohort.left", cohort)
    return cohort


# -- what other domains show of it -----------------------------------------------------
@prepared
def _invited_and_member() -> Any:
    invited = select(PersonalInvitation.id).where(PersonalInvitation.user_id == USER_ID)
    member = select(CohortParticipant.id).where(CohortParticipant.user_id == USER_ID)
    return select(invited.exists(), member.exists())


def my_learning_panel(user: Any) -> tuple[str, dict] | None:
    """My learning's part about cohorts (learning.services.LEARNING_PANELS). Whether there
    is anything to show is asked first, in one light query: most trainees take part in no
    cohort and wait for no invitation, and each list is a query of entities."""
    invited, member = db.session.execute(_invited_and_member(), {"user_id": user.id}).one()
    invitations = my_invitations(user) if invited else []
    cohorts = my_cohorts(user) if member else []
    if not invitations and not cohorts:
        return None
    return "cohorts/_my_cohorts.html", {"invitations": invitations, "cohorts": cohorts}


def welcome_note(user: Any) -> tuple[str, dict] | None:
    """What the welcome link of an account made by a list says (accounts' WELCOME_NOTES):
    the cohorts that invite its owner, and what their organizers would see."""
    invitations = my_invitations(user)
    if not invitations:
        return None
    found = overviews(invitation.cohort for invitation in invitations)
    return "cohorts/_welcome_note.html", {"overviews": found}


def register_notices() -> None:
    from flask import url_for
    from flask_babel import lazy_gettext as _l

    from ..accounts.notices import NoticeKind, register_kind

    register_kind(
        INVITED,
        NoticeKind(
            text=lambda d: str(
                _l(
                    "You are invited to join the cohort %(cohort)s. Its organizers see "
                    "nothing of yours unless you accept.",
                    cohort=d.get("cohort", ""),
                )
            ),
            link=lambda notice: (
                url_for("cohorts.my_invitation", cohort_id=notice.subject_id),
                str(_l("What its organizers would see")),
            ),
            actions="cohorts/_invitation_actions.html",
            open_subjects=open_invitations,
        ),
    )
    register_kind(
        "cohort.member",
        NoticeKind(
            text=lambda d: str(
                _l(
                    "You are in the cohort %(cohort)s: its organizers see your progress in "
                    "its courses. You can see what they see, or leave it, from My learning.",
                    cohort=d.get("cohort", ""),
                )
            ),
            link=lambda _notice: (url_for("learning.my_learning"), str(_l("My learning"))),
        ),
    )
