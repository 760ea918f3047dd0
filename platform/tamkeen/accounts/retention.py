"""Retention (docs/privacy.md), applied by `flask privacy purge`.

Trainee accounts nobody signed in to for ``INACTIVE_ACCOUNT_DAYS`` are erased, as their
owner could erase them; accounts holding a staff role are only counted (erasing the last
administrator would lock everyone out: an administrator removes the role first). Erasures
that were interrupted are finished. Audit-log lines, notices seen more than 90 days ago,
welcome links expired more than 30 days ago and cached PDFs past their retention are
deleted, and so are the half-written PDFs of layouts a killed worker never finished.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_, select

from ..audit import purge_events
from ..database import utcnow
from ..extensions import db
from ..jobs.private import purge_results
from ..pdf import purge_cache, purge_unfinished
from .models import STAFF_ROLES, User, UserRole
from .notices import SEEN_KEPT_DAYS, purge_seen
from .personal_data import erase_account, unfinished_erasures
from .services import purge_password_links

# An expired welcome link still says so for this long, then is deleted.
SPENT_WELCOME_LINK_DAYS = 30


@dataclass
class PurgeReport:
    erased_inactive: int = 0
    finished_erasures: int = 0
    inactive_staff_kept: int = 0
    audit_events_deleted: int = 0
    seen_notices_deleted: int = 0
    welcome_links_deleted: int = 0
    cached_pdfs_deleted: int = 0
    unfinished_pdfs_deleted: int = 0
    private_results_deleted: int = 0


def _inactive_since(cutoff: datetime):
    return or_(
        User.last_sign_in_on < cutoff.date(),
        and_(User.last_sign_in_on.is_(None), User.created_at < cutoff),
    )


def _is_staff():
    return exists().where(UserRole.user_id == User.id, UserRole.role.in_(STAFF_ROLES))


def inactive_accounts(cutoff: datetime) -> tuple[list[User], int]:
    """The trainee accounts unused since ``cutoff``, and how many staff ones are kept."""
    unused = select(User).where(_inactive_since(cutoff), User.erasure_started_at.is_(None))
    trainees = list(db.session.scalars(unused.where(~_is_staff()).order_by(User.id)))
    staff = len(db.session.scalars(unused.where(_is_staff())).all())
    return trainees, staff


def purge(after_step: Callable[[str], None] | None = None, now: datetime | None = None):
    """Apply every retention rule; ``after_step`` commits between steps (the command)."""
    now = now or utcnow()
    config = current_app.config
    report = PurgeReport()
    for user in unfinished_erasures():
        erase_account(user, after_step=after_step)
        report.finished_erasures += 1
    cutoff = now - timedelta(days=config["INACTIVE_ACCOUNT_DAYS"])
    accounts, report.inactive_staff_kept = inactive_accounts(cutoff)
    for user in accounts:
        erase_account(user, after_step=after_step)
        report.erased_inactive += 1
    report.audit_events_deleted = purge_events(now - timedelta(days=config["AUDIT_RETENTION_DAYS"]))
    report.seen_notices_deleted = purge_seen(now - timedelta(days=SEEN_KEPT_DAYS))
    report.welcome_links_deleted = purge_password_links(
        now - timedelta(days=SPENT_WELCOME_LINK_DAYS)
    )
    report.cached_pdfs_deleted = purge_cache(config["PDF_CACHE_DAYS"])
    report.unfinished_pdfs_deleted = purge_unfinished()
    report.private_results_deleted = purge_results()
    return report
