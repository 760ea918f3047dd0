"""Partner organizations, cohorts, and who belongs to them.

A cohort is a training programme: a name, dates, the organizers who run it, participants
(each from one of the partner organizations, or none), the courses they take, and the
signature lines its certificates print. Nobody is a participant without saying yes: people
join through an invitation they use themselves (a link, or the same secret typed as a
code), or accept the personal invitation an organizer sent to their account (by username
or from a CSV file, which may also create accounts for usernames that have none).
"""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db
from ..identity import GloballyIdentified


class Organization(GloballyIdentified, db.Model):
    """A partner association that sends participants (and may issue certificates)."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Its name as certificates in another language print it: {"ar": "...", "fr": "..."}.
    names: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # Its logo's file in DATA_DIR/logos/ (named by its content), printed on certificates.
    logo: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def name_in(self, language: str) -> str:
        """The name a certificate in ``language`` prints."""
        return (self.names or {}).get(language) or self.name


class Cohort(GloballyIdentified, db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The organization that runs the programme: it is the issuer on its certificates.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization | None] = relationship()
    organizers: Mapped[list["CohortOrganizer"]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", passive_deletes=True
    )
    signatories: Mapped[list["CohortSignatory"]] = relationship(
        order_by="CohortSignatory.position", cascade="all, delete-orphan", passive_deletes=True
    )


class CohortOrganizer(db.Model):
    __tablename__ = "cohort_organizers"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="organizers")
    user = relationship("User", lazy="joined")


class CohortParticipant(db.Model):
    """An accepted member: every report, dashboard and certificate rule reads this table,
    so a row exists only once the person said yes, and leaving deletes it."""

    __tablename__ = "cohort_participants"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    user = relationship("User")
    organization: Mapped[Organization | None] = relationship()


class PersonalInvitation(db.Model):
    """An invitation to one account, waiting for its owner's answer.

    Until the person accepts, the cohort's organizers see only that the username was
    invited: no name, no progress, no certificate. Accepting makes them a participant
    (and deletes this row); declining deletes it.
    """

    __tablename__ = "cohort_personal_invitations"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The organization the person will belong to in the cohort once they accept.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    organization: Mapped[Organization | None] = relationship()
    user = relationship("User", foreign_keys=[user_id])


class CohortCourse(db.Model):
    __tablename__ = "cohort_courses"
    __table_args__ = (UniqueConstraint("cohort_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    course = relationship("Course")


class CohortSignatory(db.Model):
    """A signature line the cohort's certificates print instead of the course's."""

    __tablename__ = "cohort_signatories"
    __table_args__ = (UniqueConstraint("cohort_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120), default="")


class Invitation(db.Model):
    """A link (or the same secret typed as a code) that lets people join a cohort.

    Only a hash of the secret is kept: it is shown to the organizer once, when made.
    """

    __tablename__ = "cohort_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    # Who joins through it belongs to this organization in the cohort.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    max_uses: Mapped[int]
    uses: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    organization: Mapped[Organization | None] = relationship()

    @property
    def protection_parent(self) -> Cohort:
        return self.cohort

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= utcnow()

    @property
    def is_used_up(self) -> bool:
        return self.uses >= self.max_uses

    @property
    def is_usable(self) -> bool:
        return not (self.is_revoked or self.is_expired or self.is_used_up)
