"""`flask privacy purge`: what is kept, and for how long (docs/privacy.md)."""

import os
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from tamkeen.accounts.models import User
from tamkeen.accounts.personal_data import start_erasure
from tamkeen.audit import AuditEvent, record_event
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.learning.models import Enrolment

YEARS_AGO = utcnow() - timedelta(days=3 * 365)


def purge(app):
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    return result.output


def last_seen(app, user, when, created=None):
    with app.app_context():
        values = {"last_sign_in_on": when.date() if when else None}
        if created:
            values["created_at"] = created
        db.session.execute(update(User).where(User.id == user.id).values(**values))
        db.session.commit()


def test_purge_erases_inactive_trainees_and_keeps_the_active_and_staff(app, make):
    course = make.course(modules=1, lessons=1)
    gone = make.user("gone-quiet")
    never = make.user("never-came-back")
    active = make.user("still-here")
    trainer = make.user("old-trainer", roles=("trainer",))
    for person in (gone, active):
        make.enrol(person, course)
    last_seen(app, gone, YEARS_AGO)
    last_seen(app, never, None, created=YEARS_AGO)
    last_seen(app, active, utcnow())
    last_seen(app, trainer, YEARS_AGO)

    output = purge(app)
    assert "Inactive trainee accounts erased: 2" in output
    assert "Inactive staff accounts kept (remove their role to erase them): 1" in output
    assert make.get(User, gone.id) is None and make.get(User, never.id) is None
    assert make.get(User, active.id) is not None and make.get(User, trainer.id) is not None
    assert make.count(Enrolment) == 1
    assert "gone-quiet" not in output  # counts only: the command's output names nobody
    assert "Inactive trainee accounts erased: 0" in purge(app)  # safe to run again


def test_purge_finishes_an_interrupted_erasure(app, make):
    course = make.course(modules=1, lessons=1)
    person = make.user("half-gone")
    make.enrol(person, course)
    with app.app_context():
        start_erasure(db.session.get(User, person.id))
        db.session.commit()
    assert "Interrupted erasures finished: 1" in purge(app)
    assert make.get(User, person.id) is None and make.count(Enrolment) == 0


def test_purge_deletes_old_log_lines_and_unused_cached_pdfs(app, make):
    admin = make.user("root", roles=("admin",))
    with app.app_context():
        old = record_event(db.session.get(User, admin.id), "staff.sign_in")
        old.created_at = YEARS_AGO
        record_event(db.session.get(User, admin.id), "staff.sign_in")
        db.session.commit()
    cache = Path(app.config["DATA_DIR"]) / "pdf-cache" / "ab"
    cache.mkdir(parents=True)
    stale, fresh = cache / "stale.pdf", cache / "fresh.pdf"
    stale.write_bytes(b"%PDF")
    fresh.write_bytes(b"%PDF")
    long_ago = time.time() - 90 * 86_400
    os.utime(stale, (long_ago, long_ago))

    output = purge(app)
    assert "Audit-log lines deleted: 1" in output
    assert "Cached PDFs deleted: 1" in output
    assert make.count(AuditEvent, action="staff.sign_in") == 1
    assert fresh.exists() and not stale.exists()


def test_purge_deletes_pdfs_a_killed_worker_left_half_written(app):
    """A worker killed while laying a PDF out leaves its temporary file (render_pdf writes
    beside the final place, then renames). The purge removes those older than an hour and
    leaves the ones a worker may still be writing."""
    cache = Path(app.config["DATA_DIR"]) / "pdf-cache"
    shared, personal = cache / "ab", cache / "people" / "7" / "cd"
    for folder in (shared, personal):
        folder.mkdir(parents=True)
    left = [shared / "tmpk2j4x9.tmp", personal / "tmp0q8zre.tmp"]  # as tempfile.mkstemp names
    writing = shared / "tmpw3v7bn.tmp"
    for path in [*left, writing]:
        path.write_bytes(b"%PDF-1.7 half")
    two_hours_ago = time.time() - 2 * 3600
    for path in left:
        os.utime(path, (two_hours_ago, two_hours_ago))

    output = purge(app)
    assert "Unfinished PDFs deleted: 2" in output
    assert "Cached PDFs deleted: 0" in output
    assert writing.exists() and not any(path.exists() for path in left)
