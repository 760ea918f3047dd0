"""Invitations: a secret that lets a bounded number of people join a cohort until it expires.

The same secret is a link (``/join/<code>``) and a code people can type at ``/join``:
16 symbols from the certificates' alphabet without look-alikes (≈78 random bits), which
together with the rate limit on ``/join`` makes guessing hopeless. Only its SHA-256 is
stored, so the organizer sees it once, when it is made.
"""

import hashlib
import secrets
from datetime import timedelta
from enum import Enum
from typing import Any

from sqlalchemy import select

from ..audit import record_event
from ..certificates.codes import ALPHABET
from ..database import utcnow
from ..extensions import db
from .models import Cohort, CohortParticipant, Invitation
from .services import add_participants

CODE_LENGTH = 16
GROUP = 4


class Refusal(Enum):
    """Why an invitation cannot be used (the views turn each into a clear message)."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    REVOKED = "revoked"


class InvitationRefused(Exception):
    def __init__(self, reason: Refusal):
        super().__init__(reason.value)
        self.reason = reason


def _normalize(typed: str) -> str:
    return "".join(symbol for symbol in (typed or "").upper() if symbol.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def format_invitation_code(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def create_invitation(
    cohort: Cohort, *, by: Any, max_uses: int, days: int, organization_id: int | None
) -> tuple[Invitation, str]:
    """A new invitation and its secret code (shown once, never stored)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    invitation = Invitation(
        cohort_id=cohort.id,
        digest=_digest(code),
        organization_id=organization_id or None,
        max_uses=max_uses,
        expires_at=utcnow() + timedelta(days=days),
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(invitation)
    db.session.flush()
    record_event(by, "cohort.invitation_created", cohort)
    return invitation, format_invitation_code(code)


def find_invitation(typed: str, *, for_update: bool = False) -> Invitation | None:
    normalized = _normalize(typed)
    if len(normalized) != CODE_LENGTH:
        return None
    query = select(Invitation).where(Invitation.digest == _digest(normalized))
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def check_invitation(invitation: Invitation | None) -> Invitation:
    """The invitation if it can still be used; InvitationRefused says why not."""
    if invitation is None:
        raise InvitationRefused(Refusal.UNKNOWN)
    if invitation.is_revoked:
        raise InvitationRefused(Refusal.REVOKED)
    if invitation.is_expired:
        raise InvitationRefused(Refusal.EXPIRED)
    if invitation.is_used_up:
        raise InvitationRefused(Refusal.USED_UP)
    return invitation


def is_member(cohort_id: int, user: Any) -> bool:
    query = select(CohortParticipant.id).where(
        CohortParticipant.cohort_id == cohort_id, CohortParticipant.user_id == user.id
    )
    return db.session.scalar(query) is not None


def join(code: str, user: Any) -> tuple[Cohort, bool]:
    """Use the invitation for ``user``: (the cohort, True if they joined now).

    Someone already in the cohort uses up nothing. The invitation row is locked, so two
    people taking the last place at once cannot both get it.
    """
    invitation = find_invitation(code, for_update=True)
    if invitation is not None and is_member(invitation.cohort_id, user):
        return invitation.cohort, False
    invitation = check_invitation(invitation)
    invitation.uses += 1
    add_participants(invitation.cohort, [user], organization_id=invitation.organization_id, by=None)
    record_event(user, "cohort.joined", invitation.cohort)
    return invitation.cohort, True


def revoke_invitation(invitation: Invitation, *, by: Any) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record_event(by, "cohort.invitation_revoked", invitation.cohort)
    db.session.flush()


def invitations_of(cohort: Cohort) -> list[Invitation]:
    query = (
        select(Invitation)
        .where(Invitation.cohort_id == cohort.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return list(db.session.scalars(query))
