"""People and their roles."""

import secrets
from datetime import date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import sealing
from ..database import utcnow
from ..extensions import db
from ..identity import GloballyIdentified

ROLES = ("trainee", "trainer", "organizer", "admin")
# Roles that act on other people's data: they work only once two-factor sign-in is on.
STAFF_ROLES = frozenset({"trainer", "organizer", "admin"})


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, GloballyIdentified, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored case-folded; what the person typed is kept as the display name's default.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(8))
    # Part of the session cookie: changing it ends every copy of every session.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The day of the last sign-in (no time, no place): what the inactivity purge reads.
    last_sign_in_on: Mapped[date | None]
    # Two-factor sign-in (TOTP): a secret is kept from the set-up page on, and the factor
    # is on once a code from it was typed (``totp_enabled_at``). The last time step used
    # refuses the same code twice. The column holds the secret encrypted with a key kept
    # apart from the database (sealing.py): read and set it as ``totp_secret``.
    sealed_totp_secret: Mapped[str | None] = mapped_column("totp_secret", String(160))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]
    # Set when an erasure starts; a purge finishes any erasure that was interrupted.
    erasure_started_at: Mapped[datetime | None]

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<User {self.id}>"

    @property
    def roles(self) -> frozenset[str]:
        """The roles granted, whether or not they can be used yet."""
        return frozenset(row.role for row in self.role_rows)

    @property
    def totp_secret(self) -> str | None:
        """The authenticator secret in clear; SealError if this instance's key cannot open
        it (the database was copied without its key)."""
        if self.sealed_totp_secret is None:
            return None
        return sealing.unseal(self.sealed_totp_secret)

    @totp_secret.setter
    def totp_secret(self, secret: str | None) -> None:
        self.sealed_totp_secret = sealing.seal(secret) if secret else None

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def active_roles(self) -> frozenset[str]:
        """The roles in force: staff roles only with two-factor sign-in on."""
        return self.roles if self.has_two_factor else self.roles - STAFF_ROLES

    @property
    def needs_two_factor(self) -> bool:
        """Holds a staff role that waits for two-factor sign-in to be set up."""
        return not self.has_two_factor and not self.roles.isdisjoint(STAFF_ROLES)

    def has_role(self, *roles: str) -> bool:
        """Every permission check asks this: roles in force only."""
        return not self.active_roles.isdisjoint(roles)

    def holds_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def name(self) -> str:
        """What other people see: the display name, or the username."""
        return self.display_name or self.username

    # Flask-Login
    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    def get_id(self) -> str:
        return f"{self.id}.{self.session_token}"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_rows")


class PasswordLink(db.Model):
    """A one-time link for an account an organizer created: its owner chooses a password.

    Only a hash is kept; the link is shown to the organizer once.
    """

    __tablename__ = "password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A single-use code that resets a forgotten password or stands in for a second factor.

    Ten are given at registration and shown once; only a hash is kept.
    """

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    # Mixed into the digest: the account's UUID (hex) for codes made since migration 0014,
    # the integer user id before. A code thus stays valid when a workshop merge gives its
    # account another integer id on the central server.
    salt: Mapped[str] = mapped_column(String(40), server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class Notice(GloballyIdentified, db.Model):
    """A message for one person, read in the app: Tamkeen sends no email.

    What it names (a cohort's name, a course's title, a revocation's reason) is copied into
    ``details`` when it is made, as a letter would be; ``accounts/notices.py`` turns the
    kind and the details into a sentence in the reader's language. Seen notices are
    deleted 90 days later (``flask privacy purge``).
    """

    __tablename__ = "notices"
    # The header's count of unseen notices reads this index only.
    __table_args__ = (Index("ix_notices_user_id_seen_at", "user_id", "seen_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # The id of what the notice is about (the cohort of an invitation, the course of a
    # certificate), for its link; not a foreign key: the notice outlives it.
    subject_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None]
