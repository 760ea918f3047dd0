"""Authoring forms. Labels and messages are translated lazily, per request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..i18n import language_choices
from ..packages import MAX_OUTCOME, MAX_OUTCOMES, MAX_SLUG, MAX_TITLE, SLUG, check_hours

SLUG_MESSAGE = _l("Use only lower-case letters a-z, digits and single dashes, e.g. rights-online.")
MAX_SUMMARY = 1000
MAX_BODY = 200_000
MAX_ALT = 200


def _slug_field(label, description, required=True):
    first = InputRequired(_l("Enter a short name.")) if required else Optional()
    return StringField(
        label,
        description=description,
        validators=[
            first,
            Length(max=MAX_SLUG, message=_l("At most 80 characters.")),
            Regexp(SLUG, message=SLUG_MESSAGE),
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )


def _title_field(label):
    return StringField(
        label,
        validators=[
            InputRequired(_l("Enter a title.")),
            Length(max=MAX_TITLE, message=_l("At most 200 characters.")),
        ],
    )


def _summary_field(label):
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=MAX_SUMMARY, message=_l("At most 1000 characters."))],
        render_kw={"rows": 3},
    )


class CourseForm(FlaskForm):
    title = _title_field(_l("Title"))
    slug = _slug_field(
        _l("Short name"),
        _l(
            "Unique; used in course packages. a-z, 0-9 and dashes. Leave it empty to have one"
            " made from the title."
        ),
        required=False,
    )
    language = SelectField(
        _l("Language of the course"), choices=language_choices, validate_choice=True
    )
    summary = _summary_field(_l("Summary"))
    translation_group = _slug_field(
        _l("Translation group (optional)"),
        _l("Courses with the same translation group are translations of each other."),
        required=False,
    )
    hours_text = StringField(
        _l("Hours of training (optional)"),
        description=_l("Printed on certificates, e.g. 12 or 1.5. Leave it empty if unsure."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    outcome_lines = TextAreaField(
        _l("What the holder can now do (optional)"),
        description=_l("One short line each, at most 6; printed on certificates."),
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Save the course"))

    def fill_certificate_fields(self, course) -> None:
        """The hours and outcomes as typed, from the course (a form shown, not posted)."""
        if course.hours:
            hours = course.hours
            self.hours_text.data = str(int(hours) if float(hours).is_integer() else hours)
        self.outcome_lines.data = "\n".join(course.outcomes or [])

    @property
    def hours(self) -> float | None:
        text = (self.hours_text.data or "").strip().replace(",", ".")
        return float(text) if text else None

    @property
    def outcomes(self) -> list[str] | None:
        lines = [" ".join(line.split()) for line in (self.outcome_lines.data or "").splitlines()]
        return [line for line in lines if line] or None

    def validate_hours_text(self, field):
        text = (field.data or "").strip().replace(",", ".")
        if not text:
            return
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or not check_hours(value):
            raise ValidationError(
                _l("Enter a number of hours from 0.5 to 1000, in halves (e.g. 12 or 1.5).")
            )

    def validate_outcome_lines(self, field):
        lines = self.outcomes or []
        if len(lines) > MAX_OUTCOMES:
            raise ValidationError(_l("At most 6 lines."))
        if any(len(line) > MAX_OUTCOME for line in lines):
            raise ValidationError(_l("Each line has at most 160 characters."))


class ModuleForm(FlaskForm):
    title = _title_field(_l("Title"))
    slug = _slug_field(
        _l("Short name"),
        _l("Unique within the course. Leave it empty to have one made from the title."),
        required=False,
    )
    summary = _summary_field(_l("Summary"))
    submit = SubmitField(_l("Save the module"))


class LessonForm(FlaskForm):
    title = _title_field(_l("Title"))
    slug = _slug_field(
        _l("Short name"),
        _l(
            "Unique within the course; other lessons link to it. Leave it empty to have one made"
            " from the title."
        ),
        required=False,
    )
    summary = _summary_field(_l("Summary"))
    minutes = IntegerField(
        _l("Reading time in minutes (optional)"),
        validators=[Optional(), NumberRange(1, 600, _l("Enter a number from 1 to 600."))],
    )
    body = TextAreaField(
        _l("Lesson text (Markdown)"),
        validators=[Length(max=MAX_BODY, message=_l("The lesson is too long."))],
        render_kw={"rows": 20, "spellcheck": "true"},
    )
    review_note = TextAreaField(
        _l("Facts still to check (optional)"),
        description=_l(
            "While this is filled in, trainees see a caution on the lesson. Empty it once "
            "someone who knows the law has confirmed the facts."
        ),
        validators=[Optional(), Length(max=1000, message=_l("Keep this under 1,000 characters."))],
        render_kw={"rows": 2},
    )
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Save"))
    # Insert an image: one of the course's images, or a new one uploaded through the same
    # cleaning as the Images page. The lesson text travels with it and is never lost.
    image_alt = StringField(
        _l("What the image shows"),
        description=_l("For people who cannot see it, and for slow connections."),
        validators=[Optional(), Length(max=MAX_ALT, message=_l("At most 200 characters."))],
    )
    image_choice = SelectField(_l("An image of this course"), choices=[], validate_choice=False)
    image_file = FileField(
        _l("Or a new image"),
        description=_l("PNG, JPEG, WebP or GIF, up to 5 MB. Location and camera data are removed."),
        render_kw={"accept": "image/png,image/jpeg,image/webp,image/gif"},
    )
    insert_image = SubmitField(_l("Insert the image"))

    IMAGE_FIELDS = ("image_alt", "image_choice", "image_file", "insert_image")


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[Optional(), AnyOf(["up", "down"])])
    position = IntegerField(validators=[Optional(), NumberRange(min=1)])


class ConfirmDeleteForm(FlaskForm):
    confirm = BooleanField(_l("I understand that this cannot be undone"))
    submit = SubmitField(_l("Delete"))

    def __init__(self, *args, needs_confirmation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirmation = needs_confirmation

    def validate_confirm(self, field):
        if self.needs_confirmation and not field.data:
            raise ValidationError(_l("Tick the box to confirm that trainees' progress goes too."))


class ConfirmRemoveForm(ConfirmDeleteForm):
    """Removing what attempts hold: it leaves the course, but the attempts keep it."""

    confirm = BooleanField(_l("I understand that new attempts will not include it"))

    def validate_confirm(self, field):
        if self.needs_confirmation and not field.data:
            raise ValidationError(_l("Tick the box to confirm."))


class TrainerForm(FlaskForm):
    username = StringField(
        _l("Username of the co-trainer"),
        validators=[InputRequired(_l("Enter a username.")), Length(max=40)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Add co-trainer"))


class ImageForm(FlaskForm):
    image = FileField(
        _l("Image"),
        description=_l("PNG, JPEG, WebP or GIF, up to 5 MB. Location and camera data are removed."),
        validators=[FileRequired(_l("Choose an image file."))],
        render_kw={"accept": "image/png,image/jpeg,image/webp,image/gif"},
    )
    submit = SubmitField(_l("Upload"))


class PackageForm(FlaskForm):
    package = FileField(
        _l("Course package (.zip) or Common Cartridge (.imscc)"),
        description=_l(
            "A zip of a course folder, as exported from Tamkeen, or a Common Cartridge "
            "exported from Moodle or Canvas. Up to 10 MB."
        ),
        validators=[FileRequired(_l("Choose a zip file."))],
        render_kw={"accept": ".zip,.imscc,application/zip"},
    )
    submit = SubmitField(_l("Check and import"))


class DuplicateForm(FlaskForm):
    title = _title_field(_l("Title of the copy"))
    slug = _slug_field(_l("Short name of the copy"), _l("Unique; a-z, 0-9 and dashes."))
    language = SelectField(
        _l("Language of the copy"), choices=language_choices, validate_choice=True
    )
    as_translation = BooleanField(_l("The copy is a translation of this course"))
    submit = SubmitField(_l("Make a copy"))


class PreviewForm(FlaskForm):
    body = TextAreaField(validators=[Length(max=MAX_BODY)])
