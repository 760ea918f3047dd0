"""Cohort forms. Labels and messages are translated lazily, per request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..accounts.services import find_user
from ..certificates.forms import logo_field
from ..extensions import db
from ..learning.models import Course
from .services import find_organization, organizations

MAX_SIGNATORIES = 4
MAX_ROSTER_BYTES = 2 * 1024 * 1024


def organization_choices(blank):
    return [SelectChoice("", blank)] + [SelectChoice(str(o.id), o.name) for o in organizations()]


def _organization_id(value):
    return int(value) if value not in (None, "", "None") else None


class SignatoryForm(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=120)])


class CohortForm(FlaskForm):
    name = StringField(
        _l("Name of the cohort"),
        validators=[
            InputRequired(_l("Enter a name.")),
            Length(max=200, message=_l("At most 200 characters.")),
        ],
    )
    organization = SelectField(
        _l("Organization running it"),
        description=_l("Its name is printed as the issuer of the cohort's certificates."),
        coerce=_organization_id,
        validate_choice=True,
    )
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    signatories = FieldList(
        FormField(SignatoryForm),
        label=_l("Signature lines on the certificates"),
        min_entries=MAX_SIGNATORIES,
        max_entries=MAX_SIGNATORIES,
    )
    submit = SubmitField(_l("Save the cohort"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = organization_choices(_l("None"))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("A cohort cannot end before it starts."))

    def signatory_lines(self) -> list[dict[str, str]]:
        return [
            {"name": entry.data["name"].strip(), "title": (entry.data["title"] or "").strip()}
            for entry in self.signatories
            if (entry.data["name"] or "").strip()
        ]

    def fields(self) -> dict:
        return {
            "name": self.name.data,
            "organization_id": self.organization.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "signatories": self.signatory_lines(),
        }


class OrganizationDetailsForm(FlaskForm):
    """What an organization's certificates print: its name in each language, its logo."""

    name_ar = StringField(
        _l("Name on Arabic certificates (optional)"),
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
        render_kw={"lang": "ar", "dir": "rtl"},
    )
    name_fr = StringField(
        _l("Name on French certificates (optional)"),
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
        render_kw={"lang": "fr", "dir": "ltr"},
    )
    name_en = StringField(
        _l("Name on English certificates (optional)"),
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
        render_kw={"lang": "en", "dir": "ltr"},
    )
    logo = logo_field(_l("Logo on certificates"))
    remove_logo = BooleanField(_l("Print no logo"))
    submit = SubmitField(_l("Save the organization"))


class OrganizationForm(FlaskForm):
    name = StringField(
        _l("Name of the organization"),
        validators=[
            InputRequired(_l("Enter a name.")),
            Length(max=200, message=_l("At most 200 characters.")),
        ],
    )
    submit = SubmitField(_l("Add the organization"))

    def validate_name(self, field):
        if find_organization(" ".join(field.data.split())) is not None:
            raise ValidationError(_l("This organization is already on the list."))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CoursesForm(FlaskForm):
    courses = MultiCheckboxField(_l("Courses of the cohort"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Save the courses"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = db.session.scalars(
            select(Course).where(Course.status == "published").order_by(Course.title)
        )
        self.courses.choices = [SelectChoice(c.id, f"{c.title} ({c.language})") for c in published]


class InvitationForm(FlaskForm):
    max_uses = IntegerField(
        _l("How many people may join with it"),
        default=30,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(1, 10_000, _l("Enter a number from 1 to 10,000.")),
        ],
    )
    days = IntegerField(
        _l("Valid for how many days"),
        default=14,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(1, 90, _l("Enter a number of days from 1 to 90.")),
        ],
    )
    organization = SelectField(
        _l("Organization of those who join"), coerce=_organization_id, validate_choice=True
    )
    submit = SubmitField(_l("Make an invitation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = organization_choices(_l("None"))


class RosterForm(FlaskForm):
    file = FileField(
        _l("List of participants (CSV)"),
        description=_l(
            "One person per row: username, then display name (optional). A first row "
            "“username,display name” is allowed. UTF-8, at most 2 MB."
        ),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "txt"], _l("Choose a .csv or .txt file.")),
            FileSize(MAX_ROSTER_BYTES, message=_l("The file is larger than 2 MB.")),
        ],
    )
    organization = SelectField(
        _l("Organization of these participants"), coerce=_organization_id, validate_choice=True
    )
    submit = SubmitField(_l("Invite these people"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = organization_choices(_l("None"))

    def data_bytes(self) -> bytes:
        return self.file.data.read(MAX_ROSTER_BYTES + 1)


class InvitePersonForm(FlaskForm):
    """One username to invite: checked and applied as a list of one row (roster.one_row)."""

    username = StringField(
        _l("Username"),
        description=_l(
            "If no account has this username, one is made, and you receive a one-time link "
            "to hand to its owner."
        ),
        validators=[InputRequired(_l("Enter a username.")), Length(max=40)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    organization = SelectField(
        _l("Organization of this person"), coerce=_organization_id, validate_choice=True
    )
    submit = SubmitField(_l("Invite this person"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = organization_choices(_l("None"))


class OrganizerForm(FlaskForm):
    username = StringField(
        _l("Username of the organizer"),
        validators=[InputRequired(_l("Enter a username.")), Length(max=40)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Add the organizer"))

    def validate_username(self, field):
        user = find_user(field.data or "")
        if user is None:
            raise ValidationError(_l("No account has this username."))
        if not user.has_role("organizer"):
            raise ValidationError(_l("This person does not have the organizer role."))
        self.user = user


class JoinCodeForm(FlaskForm):
    class Meta:
        csrf = False  # looking a code up changes nothing

    code = StringField(
        _l("Invitation code"),
        validators=[InputRequired(_l("Enter the code.")), Length(max=40)],
        render_kw={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"},
    )
    submit = SubmitField(_l("Continue"))


class DeleteCohortForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand: the cohort, its invitations and its list of participants are deleted."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Delete the cohort"))


class CohortExtraTimeForm(FlaskForm):
    """Extra time on timed quizzes for one participant, on one of the cohort's courses."""

    person = SelectField(_l("Participant"), coerce=int, validate_choice=False)
    course = SelectField(_l("Course"), coerce=int, validate_choice=False)
    percent = IntegerField(
        _l("Extra time (%)"),
        description=_l(
            "A percentage added to the time limit of every timed quiz in the course, from 1 "
            "to 300 (50 gives an hour and a half for an hour). 0 takes the extra time away."
        ),
        validators=[
            InputRequired(_l("Enter a whole number from 0 to 300.")),
            NumberRange(0, 300, _l("Enter a whole number from 0 to 300.")),
        ],
    )
    submit = SubmitField(_l("Save the extra time"))

    def __init__(self, participants, courses, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [(user.id, f"{user.name} ({user.username})") for user in participants]
        self.course.choices = [(course.id, course.title) for course in courses]

    def validate_person(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose one of the cohort's participants."))

    def validate_course(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose one of the cohort's courses."))
