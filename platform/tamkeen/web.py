"""Small helpers that every domain's views share."""

from typing import Any

from flask import abort, render_template
from flask_wtf import FlaskForm

from .extensions import db

# A form sent back with its errors: nothing was saved.
INVALID_FORM = 422


def render_form(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """Render a page built around ``form``; 422 when it carries errors."""
    status = INVALID_FORM if form.errors else 200
    return render_template(template, form=form, **context), status


def get_or_404(model: type, object_id: int) -> Any:
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj
