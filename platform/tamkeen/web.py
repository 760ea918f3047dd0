"""Small helpers that every domain's views share."""

from pathlib import Path
from typing import Any

from flask import Response, abort, render_template, send_file
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from .extensions import db
from .storage import StoredFile

# A form sent back with its errors: nothing was saved.
INVALID_FORM = 422


class ActionForm(FlaskForm):
    """A form of one button that changes something (join, remove, revoke, sign out
    everywhere...): only its CSRF token is checked. Templates give the button its words."""

    submit = SubmitField(_l("Confirm"))


def render_form(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """Render a page built around ``form``; 422 when it carries errors."""
    status = INVALID_FORM if form.errors else 200
    return render_template(template, form=form, **context), status


def get_or_404(model: type, object_id: int) -> Any:
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def send_download(
    path: Path | StoredFile,
    filename: str,
    *,
    public: bool,
    max_age: int = 3600,
    mimetype: str | None = None,
) -> Response:
    """A file sent as a download that a browser will never display or run.

    Attachment, ``Content-Security-Policy: sandbox``, and conditional: an ETag and
    Last-Modified for revalidation, and range requests (206) so that an interrupted
    download on a slow connection resumes where it stopped. ``public`` files (a paper, a
    handbook) may be cached by browsers and proxies; personal ones (a certificate) are not.
    """
    etag: bool | str = True
    if isinstance(path, StoredFile):
        # On this machine's disk (the folder storage): sent from there, as any file. In a
        # bucket: read whole (PDFs of a few MiB), tagged by its key, which names its content.
        local = path.local_path()
        if local is not None:
            path = local
        else:
            etag = path.name.rsplit(".", 1)[0]
            path = path.in_memory()
    response = send_file(
        path,
        mimetype=mimetype or "application/pdf",
        as_attachment=True,
        download_name=filename,
        conditional=True,
        etag=etag,
        max_age=max_age if public else None,
    )
    response.headers["Content-Security-Policy"] = "sandbox"
    if public:
        response.cache_control.public = True
    else:
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response
