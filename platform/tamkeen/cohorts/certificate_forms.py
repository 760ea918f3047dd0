"""Forms for the certificates organizers issue and revoke within a cohort."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SubmitField

from ..certificates.forms import revoke_reason_field


class IssueForm(FlaskForm):
    course = SelectField(_l("Course"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Issue the certificate"))

    def __init__(self, courses, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.course.choices = [SelectChoice(course.id, course.title) for course in courses]


class RevokeForm(FlaskForm):
    reason = revoke_reason_field()
    submit = SubmitField(_l("Revoke the certificate"))
