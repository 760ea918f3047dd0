"""What the cohort's workshop page shows and does: thin services over the kit and the merge
that ``flask workshop export-kit`` and ``import-results`` use (docs/workshops.md).

A kit made on the page is kept in the site's storage for 24 hours so that it can be
downloaded after the page that shows its passphrase: it is encrypted by that passphrase
(Argon2id), which is shown once and never stored, so the kept file is useless without it.
Only the cohort's organizers (and administrators) can download it; after 24 hours it is
refused, and deleted by the next kit made on the page.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from .. import storage
from ..accounts.models import User
from ..cohorts.models import Cohort
from ..database import utcnow
from ..extensions import db
from .container import FileRefused
from .models import WorkshopImport, WorkshopKit

KEPT = timedelta(hours=24)
PREFIX = "workshop/kits/"


def kit_key(kit_uuid: UUID) -> str:
    return f"{PREFIX}{kit_uuid}.tkw"


@dataclass
class KitRow:
    kit: WorkshopKit
    made_by: User | None
    imports: list[WorkshopImport]
    downloadable: bool

    @property
    def last_import(self) -> WorkshopImport | None:
        done = [row for row in self.imports if row.state == "done"]
        return max(done, key=lambda row: row.finished_at or row.started_at, default=None)


def downloadable_until(kit: WorkshopKit) -> datetime:
    return kit.created_at + KEPT


def cohort_kits(cohort: Cohort) -> list[KitRow]:
    """The cohort's kits, newest first, with who made them and their imports."""
    kits = db.session.scalars(
        select(WorkshopKit)
        .where(WorkshopKit.cohort_id == cohort.id)
        .order_by(WorkshopKit.created_at.desc(), WorkshopKit.id.desc())
    ).all()
    imports: dict[int, list[WorkshopImport]] = {}
    if kits:
        for row in db.session.scalars(
            select(WorkshopImport)
            .where(WorkshopImport.kit_id.in_([k.id for k in kits]))
            .order_by(WorkshopImport.started_at.desc(), WorkshopImport.id.desc())
        ):
            imports.setdefault(row.kit_id, []).append(row)
    now = utcnow()
    return [
        KitRow(
            kit=kit,
            made_by=db.session.get(User, kit.created_by_id) if kit.created_by_id else None,
            imports=imports.get(kit.id, []),
            downloadable=downloadable_until(kit) > now,
        )
        for kit in kits
    ]


def prepare_kit(cohort: Cohort, *, by: User) -> tuple[WorkshopKit, str]:
    """(the kit, its passphrase to show once); FileRefused with nothing written. The file is
    kept for 24 hours in the storage (written before the caller commits the kit's rows: a
    failed commit leaves only a file no row names, deleted with the expired ones)."""
    from .kits import build_kit

    data, passphrase, kit_uuid = build_kit(cohort, by=by)
    forget_expired_kits()
    storage.current().put(kit_key(kit_uuid), data)
    kit = db.session.scalars(select(WorkshopKit).where(WorkshopKit.uuid == kit_uuid)).one()
    return kit, passphrase


def forget_expired_kits() -> int:
    """Delete the kept kit files older than 24 hours (of every cohort)."""
    store = storage.current()
    cutoff = (utcnow() - KEPT).timestamp()
    old = [entry.key for entry in store.listing(PREFIX) if entry.modified < cutoff]
    for key in old:
        store.delete(key)
    return len(old)


def kept_kit(cohort: Cohort, kit_uuid: UUID) -> storage.StoredFile | None:
    """The kept file of this cohort's kit, if made less than 24 hours ago."""
    kit = db.session.scalars(
        select(WorkshopKit).where(WorkshopKit.uuid == kit_uuid, WorkshopKit.cohort_id == cohort.id)
    ).one_or_none()
    if kit is None or downloadable_until(kit) <= utcnow():
        return None
    store = storage.current()
    key = kit_key(kit.uuid)
    return storage.StoredFile(store, key) if store.exists(key) else None


def upload_results(cohort: Cohort, data: bytes, *, by: User, after_batch) -> WorkshopImport:
    """The same import as ``flask workshop import-results``, for a file of this cohort's
    kit only; FileRefused (nothing written) otherwise."""
    from flask_babel import lazy_gettext as _l

    from .merge import import_results
    from .results import open_results

    _header, _entries, kit = open_results(data)  # checks and decrypts, writes nothing
    if kit.cohort_id != cohort.id:
        raise FileRefused(
            _l("These results come from a kit of another cohort: upload them on its page.")
        )
    journal, _already = import_results(data, via="web", by=by, after_batch=after_batch)
    return journal


def cohort_import(cohort: Cohort, import_id: int) -> WorkshopImport | None:
    return db.session.scalars(
        select(WorkshopImport)
        .join(WorkshopKit, WorkshopKit.id == WorkshopImport.kit_id)
        .where(WorkshopImport.id == import_id, WorkshopKit.cohort_id == cohort.id)
    ).one_or_none()
