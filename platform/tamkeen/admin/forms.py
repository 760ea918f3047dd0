"""Administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SearchField, SubmitField
from wtforms.validators import Length, Optional


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField(_l("Find a username"), validators=[Optional(), Length(max=40)])


class RolesForm(FlaskForm):
    trainee = BooleanField(_l("Trainee"))
    trainer = BooleanField(_l("Trainer"))
    organizer = BooleanField(_l("Organizer"))
    admin = BooleanField(_l("Administrator"))
    submit = SubmitField(_l("Save roles"))
