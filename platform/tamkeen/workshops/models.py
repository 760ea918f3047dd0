"""Workshop kits issued by the central server, and the journal of results merged from them.

A kit (``.tkw``) carries one cohort to a laptop; the laptop sends back results (``.tkr``),
whole snapshots merged by identity (docs/design/workshop-sync.md, sections 4, 6 and 8).
"""

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..extensions import db

KIT_STATUSES = ("open", "closed", "revoked")
IMPORT_STATES = ("merging", "done", "superseded")


class WorkshopKit(db.Model):
    """A kit this server issued: results are accepted only from kits listed here."""

    __tablename__ = "workshop_kits"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, default=uuid4, unique=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(8), default="open")
    # The kit's Ed25519 public key (base64): results must be signed by its private half.
    public_key: Mapped[str] = mapped_column(String(64))
    schema: Mapped[str] = mapped_column(String(32))


class WorkshopKitMember(db.Model):
    """Who travelled in the kit: the people its results may speak about (scope)."""

    __tablename__ = "workshop_kit_members"

    kit_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_kits.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(12))


class WorkshopKitCourse(db.Model):
    """The courses the kit carried: the content its results may name (scope)."""

    __tablename__ = "workshop_kit_courses"

    kit_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_kits.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class WorkshopImport(db.Model):
    """The journal: one row per results file begun, so that a cut merge is finished by
    running it again (``batches_done``) and an older file is refused (``seq``)."""

    __tablename__ = "workshop_imports"
    __table_args__ = (UniqueConstraint("kit_id", "device", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kit_id: Mapped[int] = mapped_column(ForeignKey("workshop_kits.id", ondelete="CASCADE"))
    device: Mapped[UUID] = mapped_column(Uuid)
    seq: Mapped[int]
    payload_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12), default="merging")
    via: Mapped[str] = mapped_column(String(8), default="cli")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    batches_done: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Counts and conflict lines, with user ids and no names (rendered when shown).
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WorkshopAccount(db.Model):
    """An account made on a workshop laptop: which kit and device brought it, and the name
    it had there when the central server already had that username."""

    __tablename__ = "workshop_accounts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kit_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_kits.id", ondelete="SET NULL"))
    device: Mapped[UUID] = mapped_column(Uuid)
    first_imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    renamed_from: Mapped[str | None] = mapped_column(String(40))
