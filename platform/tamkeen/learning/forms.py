"""Trainee-path forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import Optional, Regexp

from ..i18n import language_filter_choices


def _language_filter_choices():
    return language_filter_choices(_l("All languages"))


class CatalogueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    # A bare /courses opens on the interface's language (the view passes it as the default).
    language = SelectField(_l("Language of the course"), choices=_language_filter_choices)
    submit = SubmitField(_l("Show"))


class EnrolForm(FlaskForm):
    submit = SubmitField(_l("Enrol in this course"))


class CompleteLessonForm(FlaskForm):
    submit = SubmitField(_l("Mark as complete"))
    # "1" when sent by a saved page's queue (static/js/offline.js): answered 204, not a page.
    autosave = HiddenField(validators=[Optional(), Regexp(r"^1$")])
