"""Report filters (GET, they change nothing) and the export form (POST: it is audited)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import AnyOf, Length, Optional, ValidationError

from ..cohorts.forms import organization_choices
from .progress import ReportFilter

SORTS = ("name", "organization", "progress", "completed", "activity")


def _optional_int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1  # not a choice: validation says so


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    course = SelectField(_l("Course"), coerce=_optional_int, validate_choice=True)
    organization = SelectField(_l("Organization"), coerce=_optional_int, validate_choice=True)
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def __init__(self, formdata, courses, **kwargs):
        super().__init__(formdata, **kwargs)
        self.course.choices = [SelectChoice(None, _l("All courses"))] + [
            SelectChoice(c.id, c.title) for c in courses
        ]
        self.organization.choices = [
            SelectChoice(None if choice.value == "" else int(choice.value), choice.label)
            for choice in organization_choices(_l("All organizations"))
        ]

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date is before the start date."))

    def report(self) -> ReportFilter:
        """The filter asked for; everything when the form is not valid (errors shown)."""
        if not self.validate():
            return ReportFilter()
        return ReportFilter(
            course_id=self.course.data,
            organization_id=self.organization.data,
            since=self.since.data,
            until=self.until.data,
        )


class TableForm(FilterForm):
    q = StringField(
        _l("Name or username"),
        description=_l("A part of it is enough."),
        validators=[Optional(), Length(max=100)],
    )
    sort = SelectField(
        _l("Sort by"),
        choices=[
            SelectChoice("name", _l("Name")),
            SelectChoice("organization", _l("Organization")),
            SelectChoice("progress", _l("Progress")),
            SelectChoice("completed", _l("Courses completed")),
            SelectChoice("activity", _l("Last activity")),
        ],
        default="name",
        validators=[Optional(), AnyOf(SORTS)],
    )
    order = SelectField(
        _l("Order"),
        choices=[SelectChoice("asc", _l("Ascending")), SelectChoice("desc", _l("Descending"))],
        default="asc",
    )

    def search(self) -> str | None:
        """What to look for in names and usernames; nothing when the form is not valid."""
        text = (self.q.data or "").strip()
        return text if text and not self.errors else None


class ExportForm(FlaskForm):
    """The download buttons: the format, the variant, and the filter as hidden fields."""

    course = HiddenField()
    organization = HiddenField()
    since = HiddenField()
    until = HiddenField()
    pseudonymise = BooleanField(
        _l(
            "Pseudonymised, for sharing: codes instead of names, the month instead of the "
            "day, and organizations with few people in the report not named"
        )
    )
    csv = SubmitField(_l("CSV"))
    xlsx = SubmitField(_l("Excel (XLSX)"))
    pdf = SubmitField(_l("PDF"))

    def chosen_format(self) -> str | None:
        for name in ("csv", "xlsx", "pdf"):
            if getattr(self, name).data:
                return name
        return None
