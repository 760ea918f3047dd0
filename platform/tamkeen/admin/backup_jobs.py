"""A backup an administrator makes from /admin/backups: the nightly backup's file
(backups.py), made by the job queue (or in the request without one), kept for its one
download by the administrator who asked (jobs/private.py)."""

from flask import current_app

from ..audit import record_event
from ..backups import MIN_PASSPHRASE, BackupError, create_backup
from ..extensions import db
from ..storage import StoredFile

# The job's scope (jobs/private.py): the whole site, not one cohort.
SITE = 0


def passphrase() -> str | None:
    """The server's backup passphrase (TAMKEEN_BACKUP_PASSPHRASE), if one fit for use is
    set; never shown, never sent through the queue (the worker reads its own setting)."""
    value = current_app.config.get("BACKUP_PASSPHRASE") or ""
    return value if len(value) >= MIN_PASSPHRASE else None


def backup_task(user_id: int, key: str) -> StoredFile:
    """The queue's task: an encrypted backup, stored privately under ``key``, and its line
    in the audit log with the administrator who asked as actor."""
    from ..accounts.models import User
    from ..jobs.private import store_result

    secret = passphrase()
    if secret is None:  # the worker's settings lack it
        raise BackupError("TAMKEEN_BACKUP_PASSPHRASE is not set on the server that runs jobs.")
    stored = store_result(key, create_backup(secret))
    record_event(db.session.get(User, user_id), "backup.created")
    db.session.commit()  # the audit line, once the file is there
    return stored
