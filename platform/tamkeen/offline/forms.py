"""The one parameter the manifest reads."""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from ..i18n import language_choices


class ManifestForm(FlaskForm):
    lang = SelectField(choices=lambda: language_choices(""), validators=[Optional()])
