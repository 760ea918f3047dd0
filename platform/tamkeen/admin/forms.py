"""Administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SearchField, SelectChoice, SelectField, SubmitField
from wtforms.validators import AnyOf, Length, Optional


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


# The audit log's kinds of events: the first word of their action.
EVENT_KINDS = [
    SelectChoice("", _l("Every event")),
    SelectChoice("staff", _l("Staff sign-ins")),
    SelectChoice("role", _l("Role changes")),
    SelectChoice("account", _l("Accounts (two-step sign-in, recovery, erasure)")),
    SelectChoice("certificate", _l("Certificates")),
    SelectChoice("course", _l("Courses")),
    SelectChoice("paper", _l("Policy papers")),
    SelectChoice("backup", _l("Backups")),
]


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    kind = SelectField(_l("Show"), choices=EVENT_KINDS, validators=[Optional()])


class AccessForm(FlaskForm):
    """Disable or enable an account: one button, which says which."""

    disable = HiddenField(validators=[AnyOf(["yes", "no"])])


class BackupForm(FlaskForm):
    submit = SubmitField(_l("Make a backup now"))
