"""Certificates, and the signature lines a course prints on them."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from ..database import utcnow
from ..extensions import db
from ..learning.models import Course


class Certificate(db.Model):
    """One trainee's certificate for one course.

    What is printed (course title, issuer, signature lines, completion date) is copied at
    issue: a certificate is a document, and renaming a course later must not change it.
    """

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored without separators; shown in groups of four (codes.format_code).
    code: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    # The cohort in whose name it was issued (its organizers may revoke it); None for a
    # certificate earned on one's own, which only an administrator revokes.
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    course_title: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(200))
    signatories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The course's hours and outcomes at issue (none for certificates issued before 0016).
    hours: Mapped[float | None]
    outcomes: Mapped[list[str] | None] = mapped_column(JSON)
    # Chosen by the holder before the first download; None until then.
    printed_name: Mapped[str | None] = mapped_column(String(80))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    # Its bit in the revocation status list of the Open Badges credentials: a random free
    # position, given at insertion (below), so that it says nothing about the order of issue.
    status_index: Mapped[int | None] = mapped_column(unique=True)

    course: Mapped[Course] = relationship()
    user = relationship("User")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def has_printed_name(self) -> bool:
        return self.printed_name is not None


class RetiredStatusIndex(db.Model):
    """The status-list position of a certificate erased with its holder. Never given again:
    a copy of the erased certificate's credential, kept by its holder, must not take the
    status of someone else's certificate."""

    __tablename__ = "retired_status_indices"

    status_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


@event.listens_for(Certificate, "before_insert")
def _give_status_index(_mapper, connection, certificate: Certificate) -> None:
    """Every new certificate, however it is made (completion, an organizer, a workshop's
    results merged), gets a free position in the status list."""
    from .openbadges.statuslist import free_index

    if certificate.status_index is not None:
        return
    taken = set(connection.scalars(select(Certificate.status_index)))
    taken |= set(connection.scalars(select(RetiredStatusIndex.status_index)))
    session = object_session(certificate)
    if session is not None:  # others inserted in the same flush, not yet in the table
        taken |= {
            other.status_index
            for other in session.new
            if isinstance(other, Certificate) and other.status_index is not None
        }
    certificate.status_index = free_index(taken)


class CertificateSignatory(db.Model):
    """A signature line a course prints on its certificates (course.yaml's ``certificate``)."""

    __tablename__ = "certificate_signatories"
    __table_args__ = (UniqueConstraint("course_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120), default="")
