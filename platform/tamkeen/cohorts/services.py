"""The rules of cohorts: organizations, cohorts, organizers, participants and courses.

Services only flush; the request or command commits. Every change an organizer makes to
who is in a cohort is written to the audit log (who did it, to which cohort, when).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, literal, select

from ..accounts.notices import mark_subject_seen
from ..audit import events_about, forget_targets, record_event
from ..certificates.models import Certificate
from ..database import utcnow
from ..extensions import db
from ..learning import summaries
from ..learning.models import Course, Enrolment
from ..tombstones import membership_key, record_tombstone
from .models import (
    Cohort,
    CohortCourse,
    CohortOrganizer,
    CohortParticipant,
    CohortSignatory,
    Organization,
    PersonalInvitation,
)


class CohortError(ValueError):
    """A cohort action the rules do not allow (the message says why)."""


# -- the audit log -------------------------------------------------------------------
# What participants do themselves: the cohort's audit page says "a participant" for these,
# so that someone who left is not named there (administrators see who in /admin/audit).
PARTICIPANTS_OWN_ACTS = (
    "cohort.joined",
    "cohort.invitation_accepted",
    "cohort.invitation_declined",
    "cohort.left",
)


def cohort_events(cohort: Cohort):
    """What happened to a cohort, for its organizers: the cohort's own lines (people,
    courses, invitations, report downloads) and the certificates issued in its name to its
    present participants. Certificates its participants have from elsewhere, staff
    sign-ins and the rest of the site stay with the administrators."""
    certificates = (
        select(Certificate.id)
        .join(CohortParticipant, CohortParticipant.user_id == Certificate.user_id)
        .where(Certificate.cohort_id == cohort.id, CohortParticipant.cohort_id == cohort.id)
    )
    return events_about([("Cohort", [cohort.id]), ("Certificate", certificates)])


# -- organizations -------------------------------------------------------------------
def organizations() -> list[Organization]:
    return list(db.session.scalars(select(Organization).order_by(Organization.name)))


def find_organization(name: str) -> Organization | None:
    return db.session.scalar(select(Organization).where(Organization.name == name.strip()))


def create_organization(name: str, *, by: Any) -> Organization:
    organization = Organization(name=" ".join(name.split()))
    db.session.add(organization)
    db.session.flush()
    record_event(by, "organization.created", organization)
    return organization


def update_organization(
    organization: Organization, *, names: dict[str, str | None], logo: str | None, by: Any
) -> None:
    """Its name as certificates in each language print it (empty: its own name), and its
    logo's stored name (certificates.logos) or None."""
    kept = {lang: " ".join(name.split()) for lang, name in names.items() if name and name.strip()}
    organization.names = kept or None
    organization.logo = logo
    db.session.flush()
    record_event(by, "organization.updated", organization)


def organization_uses(organization: Organization) -> tuple[int, int]:
    """How many cohorts it runs and how many participants came through it."""
    cohorts = select(func.count()).where(Cohort.organization_id == organization.id)
    people = select(func.count()).where(CohortParticipant.organization_id == organization.id)
    return db.session.scalar(cohorts) or 0, db.session.scalar(people) or 0


def delete_organization(organization: Organization, *, by: Any) -> None:
    """Delete a partner organization. Its cohorts and participants stay, without it (the
    database sets their link to NULL); certificates already issued keep the name printed."""
    record_event(by, "organization.deleted", organization)
    db.session.execute(delete(Organization).where(Organization.id == organization.id))
    forget_targets("Organization", [organization.id])
    db.session.expunge(organization)


# -- cohorts -------------------------------------------------------------------------
def cohorts_for(user: Any) -> list[Cohort]:
    """The cohorts ``user`` runs; every cohort for an administrator."""
    query = select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)
    if not user.has_role("admin"):
        mine = select(CohortOrganizer.cohort_id).where(CohortOrganizer.user_id == user.id)
        query = query.where(Cohort.id.in_(mine))
    return list(db.session.scalars(query))


def delete_cohort(cohort: Cohort, *, by: Any) -> None:
    """Delete the cohort, its organizers, participants list, courses list, signature lines
    and invitations (the database cascades). People keep their accounts, enrolments,
    progress and certificates. The audit log keeps the cohort's lines without its id:
    a new cohort could be given the same id, and its organizers would read them."""
    record_event(by, "cohort.deleted", cohort)
    db.session.execute(delete(Cohort).where(Cohort.id == cohort.id))
    forget_targets("Cohort", [cohort.id])
    db.session.expunge(cohort)


def participant_counts(cohort_ids: Iterable[int]) -> dict[int, int]:
    query = (
        select(CohortParticipant.cohort_id, func.count())
        .where(CohortParticipant.cohort_id.in_(list(cohort_ids)))
        .group_by(CohortParticipant.cohort_id)
    )
    return dict(db.session.execute(query).all())


def create_cohort(*, by: Any, **fields: Any) -> Cohort:
    """A new cohort, run by the person who creates it."""
    cohort = Cohort()
    db.session.add(cohort)
    update_cohort(cohort, by=None, **fields)
    cohort.organizers.append(CohortOrganizer(user_id=by.id))
    db.session.flush()
    record_event(by, "cohort.created", cohort)
    return cohort


def update_cohort(
    cohort: Cohort,
    *,
    by: Any,
    name: str,
    organization_id: int | None,
    starts_on: date | None,
    ends_on: date | None,
    signatories: list[dict[str, str]],
) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortError("a cohort cannot end before it starts")
    cohort.name = " ".join(name.split())
    cohort.organization_id = organization_id or None
    cohort.starts_on, cohort.ends_on = starts_on, ends_on
    cohort.signatories = [
        CohortSignatory(position=position, name=line["name"], title=line.get("title") or "")
        for position, line in enumerate(signatories, start=1)
    ]
    db.session.flush()
    if by is not None:
        record_event(by, "cohort.updated", cohort)


def add_organizer(cohort: Cohort, user: Any, *, by: Any) -> bool:
    """Let another organizer run the cohort; False if they already do."""
    if not user.has_role("organizer"):
        raise CohortError("only people with the organizer role can run a cohort")
    if any(row.user_id == user.id for row in cohort.organizers):
        return False
    cohort.organizers.append(CohortOrganizer(user_id=user.id))
    db.session.flush()
    record_event(by, "cohort.organizer_added", cohort)
    return True


# -- courses -------------------------------------------------------------------------
def cohort_courses(cohort: Cohort) -> list[Course]:
    query = (
        select(Course)
        .join(CohortCourse, CohortCourse.course_id == Course.id)
        .where(CohortCourse.cohort_id == cohort.id)
        .order_by(Course.title, Course.id)
    )
    return list(db.session.scalars(query))


def organized_course_ids(user: Any):
    """The courses of the cohorts ``user`` runs, as a subquery."""
    return (
        select(CohortCourse.course_id)
        .join(CohortOrganizer, CohortOrganizer.cohort_id == CohortCourse.cohort_id)
        .where(CohortOrganizer.user_id == user.id)
    )


def organizer_cohort(user: Any, participant_id: int, course_id: int) -> Cohort | None:
    """The cohort ``user`` runs in which this person takes this course (the most recently
    joined, if several): the one a certificate issued by hand is issued in the name of."""
    query = (
        select(Cohort)
        .join(CohortOrganizer, CohortOrganizer.cohort_id == Cohort.id)
        .join(CohortParticipant, CohortParticipant.cohort_id == Cohort.id)
        .join(CohortCourse, CohortCourse.cohort_id == Cohort.id)
        .where(
            CohortOrganizer.user_id == user.id,
            CohortParticipant.user_id == participant_id,
            CohortCourse.course_id == course_id,
        )
        .order_by(CohortParticipant.joined_at.desc(), Cohort.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def cohort_course_ids(cohort_id: int):
    return select(CohortCourse.course_id).where(CohortCourse.cohort_id == cohort_id)


def set_courses(cohort: Cohort, course_ids: Iterable[int], *, by: Any) -> None:
    """The cohort takes exactly these courses; its participants are enrolled in new ones.

    Taking a course off the cohort keeps participants' enrolments and progress: they are
    the participants' own learning.
    """
    wanted = set(course_ids)
    current = set(db.session.scalars(cohort_course_ids(cohort.id)))
    if wanted - current:
        db.session.execute(
            insert(CohortCourse),
            [{"cohort_id": cohort.id, "course_id": cid} for cid in sorted(wanted - current)],
        )
    if current - wanted:
        db.session.execute(
            delete(CohortCourse).where(
                CohortCourse.cohort_id == cohort.id,
                CohortCourse.course_id.in_(current - wanted),
            )
        )
    db.session.flush()
    enrol_participants(cohort.id, course_ids=sorted(wanted - current))
    record_event(by, "cohort.courses_changed", cohort)


def enrol_participants(
    cohort_id: int, user_ids: list[int] | None = None, course_ids: list[int] | None = None
) -> None:
    """Enrol every participant in every course of the cohort, in one statement; then store
    the progress (learning/summaries.py) of the new pairs: ``user_ids`` × ``course_ids``
    (None: every participant, every course of the cohort)."""
    pairs = (
        select(
            CohortParticipant.user_id,
            CohortCourse.course_id,
            literal(utcnow()).label("enrolled_at"),
        )
        .join(CohortCourse, CohortCourse.cohort_id == CohortParticipant.cohort_id)
        .where(CohortParticipant.cohort_id == cohort_id)
        .where(
            ~exists().where(
                and_(
                    Enrolment.user_id == CohortParticipant.user_id,
                    Enrolment.course_id == CohortCourse.course_id,
                )
            )
        )
    )
    db.session.execute(
        insert(Enrolment).from_select(["user_id", "course_id", "enrolled_at"], pairs)
    )
    db.session.flush()
    if user_ids is None:
        user_ids = select(CohortParticipant.user_id).where(CohortParticipant.cohort_id == cohort_id)
    if course_ids is None:
        course_ids = list(db.session.scalars(cohort_course_ids(cohort_id)))
    summaries.refresh(user_ids, course_ids)


# -- participants --------------------------------------------------------------------
def member_ids(cohort_id: int, user_ids: Iterable[int]) -> set[int]:
    query = select(CohortParticipant.user_id).where(
        CohortParticipant.cohort_id == cohort_id, CohortParticipant.user_id.in_(list(user_ids))
    )
    return set(db.session.scalars(query))


def add_participants(
    cohort: Cohort, users: Iterable[Any], *, organization_id: int | None, by: Any
) -> int:
    """Make people participants and enrol them in the cohort's courses; returns how many
    were new. Only for people who said yes (membership.py): an invitation they accepted,
    a link or code they used. Their waiting invitations to the cohort are answered.
    ``by`` is audited when someone else acts (None: the person's own act, audited by
    the caller)."""
    users = list(users)
    already = member_ids(cohort.id, [user.id for user in users])
    new = [user for user in users if user.id not in already]
    for user in new:
        db.session.add(
            CohortParticipant(cohort_id=cohort.id, user_id=user.id, organization_id=organization_id)
        )
    db.session.flush()
    _answer_invitations(cohort, [user.id for user in users])
    if new:
        enrol_participants(cohort.id, [user.id for user in new])
        if by is not None:
            record_event(by, "cohort.participants_added", cohort)
    return len(new)


def _answer_invitations(cohort: Cohort, user_ids: list[int]) -> None:
    db.session.execute(
        delete(PersonalInvitation).where(
            PersonalInvitation.cohort_id == cohort.id, PersonalInvitation.user_id.in_(user_ids)
        )
    )
    mark_subject_seen(user_ids, "cohort.invited", cohort.id)


def find_participant(cohort: Cohort, user_id: int) -> CohortParticipant | None:
    return db.session.scalar(
        select(CohortParticipant).where(
            CohortParticipant.cohort_id == cohort.id, CohortParticipant.user_id == user_id
        )
    )


def remove_participant(cohort: Cohort, participant: CohortParticipant, *, by: Any) -> None:
    """Take someone out of the cohort. Their enrolments and progress stay theirs."""
    record_tombstone("membership", membership_key(cohort.uuid, participant.user.uuid))
    db.session.delete(participant)
    db.session.flush()
    record_event(by, "cohort.participant_removed", cohort)


def sponsor_for(
    user: Any, course: Course
) -> tuple[str | None, list[dict[str, str]] | None, int] | None:
    """The issuer, signature lines and id of the cohort in which ``user`` takes ``course``:
    the certificate is issued in its name.

    When someone is in several such cohorts, the most recently joined one counts.
    """
    query = (
        select(Cohort)
        .join(CohortParticipant, CohortParticipant.cohort_id == Cohort.id)
        .join(CohortCourse, CohortCourse.cohort_id == Cohort.id)
        .where(CohortParticipant.user_id == user.id, CohortCourse.course_id == course.id)
        .order_by(CohortParticipant.joined_at.desc(), Cohort.id.desc())
        .limit(1)
    )
    cohort = db.session.scalar(query)
    if cohort is None:
        return None
    return cohort_issuer(cohort, course.language), cohort_signatories(cohort), cohort.id


def certificate_logo(certificate: Any) -> str | None:
    """LOGOS "cohorts": the logo of the organization running the cohort the certificate
    was issued in the name of."""
    if certificate.cohort_id is None:
        return None
    query = (
        select(Organization.logo)
        .join(Cohort, Cohort.organization_id == Organization.id)
        .where(Cohort.id == certificate.cohort_id)
    )
    return db.session.scalar(query)


def cohort_issuer(cohort: Cohort, language: str) -> str | None:
    """The cohort's organization as a certificate in ``language`` names it."""
    return cohort.organization.name_in(language) if cohort.organization else None


def cohort_signatories(cohort: Cohort) -> list[dict[str, str]] | None:
    """The cohort's signature lines; None to print the course's own."""
    lines = [{"name": row.name, "title": row.title} for row in cohort.signatories]
    return lines or None
