"""/admin/backups: an administrator makes a backup of the whole site and downloads it once.

The work goes to the job queue (TAMKEEN_JOBS=queue) or is done in the request; either way
the file waits in the storage for the administrator who asked, and no one else, for an
hour at most (jobs/private.py). Without a backup passphrase on the server the page says so
and makes nothing.
"""

import logging
from datetime import UTC, datetime

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import role_required
from ..backups import BackupError
from ..jobs import private
from ..jobs.pages import progress_page, ready_page
from ..jobs.queue import Pending
from ..web import render_form
from .backup_jobs import SITE, passphrase
from .forms import BackupForm
from .views import bp

log = logging.getLogger(__name__)


@bp.route("/backups", methods=["GET", "POST"])
@role_required("admin")
def backups():
    form = BackupForm()
    ready = passphrase() is not None
    if form.validate_on_submit():
        if not ready:  # the page offers no button then; a form sent anyway
            flash(_("No backup was made: the server has no backup passphrase."), "error")
            return redirect(url_for("admin.backups"), 303)
        else:
            made = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
            try:
                token = private.start(
                    "backup",
                    (current_user.id,),
                    owner=current_user.id,
                    scope=SITE,
                    filename=f"tamkeen-{made}.backup",
                    extension="backup",
                )
            except BackupError as error:  # made in the request, and it failed
                log.error("The backup failed: %s", error)
                form.submit.errors.append(
                    _("The backup could not be made. Details are in the server's log.")
                )
            else:
                return redirect(url_for("admin.backup_result", token=token, wait=1), 303)
    return render_form("admin/backups.html", form, ready=ready)


@bp.route("/backups/<token>")
@role_required("admin")
def backup_result(token: str):
    """The backup's progress, then its one download, for the administrator who asked."""
    found = private.state(token, owner=current_user.id, scope=SITE)
    if found is None:
        abort(404)
    title = _("Backup")
    no_store = {"Cache-Control": "no-store"}
    if isinstance(found, Pending):
        check = url_for("admin.backup_result", token=token, wait=1)
        page, status = progress_page(found, title, check, url_for("admin.backups"))
        return page, status, no_store
    if request.args.get("wait"):
        here = url_for("admin.backup_result", token=token)
        page = ready_page(title, here, _("Download the backup"))
        return page, 200, no_store
    taken = private.take(token, owner=current_user.id, scope=SITE)
    if taken is None:
        abort(404)
    content, filename = taken
    response = Response(content, mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response
