"""Certificate forms: the printed name, the public check, and the organizers' actions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import false, or_, select
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, ValidationError

from ..extensions import db
from ..learning.models import Course
from .services import DELEGATIONS, find_by_code


def logo_field(label):
    return FileField(
        label,
        description=_l("PNG or JPEG, up to 2 MB; printed at most 34 mm wide. SVG is not accepted."),
        render_kw={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"},
    )


class LogoForm(FlaskForm):
    """The site's default logo, printed on certificates no organization issues."""

    logo = logo_field(_l("Default logo on certificates"))
    remove_logo = BooleanField(_l("Print no default logo"))
    submit = SubmitField(_l("Save"))


class PrintedNameForm(FlaskForm):
    name = StringField(
        _l("Name printed on the certificate"),
        description=_l(
            "Anyone who checks the certificate's code sees this name. You can use a "
            "pseudonym. It cannot be changed once the certificate is made."
        ),
        validators=[
            InputRequired(_l("Enter the name to print.")),
            Length(max=80, message=_l("At most 80 characters.")),
        ],
    )
    submit = SubmitField(_l("Make my certificate"))


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False  # a lookup changes nothing

    code = StringField(
        _l("Certificate code"),
        description=_l("The code printed under the QR code, for example 7KQ2-HX9D-..."),
        validators=[InputRequired(_l("Enter the code.")), Length(max=60)],
        render_kw={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"},
    )
    submit = SubmitField(_l("Check"))


def _course_choices(user):
    """Administrators: every course. Organizers: their cohorts' courses only (never
    another trainer's draft, nor a course none of their participants takes)."""
    query = select(Course).order_by(Course.title, Course.id)
    if not user.has_role("admin"):
        query = query.where(or_(false(), *(Course.id.in_(d.course_ids(user)) for d in DELEGATIONS)))
    return [
        (course.id, f"{course.title} ({course.language})") for course in db.session.scalars(query)
    ]


class IssueForm(FlaskForm):
    """Who is a participant is checked by the view, with one answer for an unknown username
    and one outside the organizer's cohorts."""

    username = StringField(
        _l("Username of the trainee"),
        validators=[InputRequired(_l("Enter a username.")), Length(max=40)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    course = SelectField(_l("Course"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Issue the certificate"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.course.choices = _course_choices(user)


def revoke_reason_field() -> TextAreaField:
    """Why a certificate is revoked: asked the same way here and in a cohort's pages."""
    return TextAreaField(
        _l("Reason"),
        description=_l("Kept in the records; not shown on the public verification page."),
        validators=[
            InputRequired(_l("Say why the certificate is revoked.")),
            Length(max=500, message=_l("At most 500 characters.")),
        ],
    )


class RevokeForm(FlaskForm):
    code = StringField(
        _l("Certificate code"),
        validators=[InputRequired(_l("Enter the code.")), Length(max=60)],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    reason = revoke_reason_field()
    # "yes" once an administrator confirmed revoking a certificate earned without a cohort.
    confirmed = HiddenField()
    submit = SubmitField(_l("Revoke the certificate"))

    def validate_code(self, field):
        certificate = find_by_code(field.data or "")
        if certificate is None:
            raise ValidationError(_l("No certificate has this code."))
        if certificate.is_revoked:
            raise ValidationError(_l("This certificate is already revoked."))
        self.certificate = certificate
