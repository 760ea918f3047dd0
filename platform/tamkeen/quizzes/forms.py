"""Quiz forms. A question's own answer fields are read by its kind (see kinds/); these
forms carry the CSRF token, the navigation and the trainers' uploads."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from .kinds.numeric import parse_number

MAX_GIFT_BYTES = 512 * 1024
MAX_GRADER_FEEDBACK = 5000

# Where "save" takes the trainee: the previous or next question, this one, the summary, or
# a question by number.
GO_PATTERN = r"^(previous|next|stay|summary|\d{1,4})$"


class StartForm(FlaskForm):
    submit = SubmitField(_l("Start the quiz"))


class AnswerForm(FlaskForm):
    go = StringField(validators=[Optional(), Regexp(GO_PATTERN)])
    autosave = HiddenField(validators=[Optional(), Regexp(r"^1$")])


class SubmitAttemptForm(FlaskForm):
    submit = SubmitField(_l("Submit my answers"))


class GiftUploadForm(FlaskForm):
    """One file, GIFT or Moodle XML: a .xml name or a file starting with ``<`` is XML."""

    file = FileField(
        _l("Questions file"),
        description=_l(
            "A GIFT file (.gift or .txt) or a Moodle XML file (.xml), UTF-8, at most 512 KB."
        ),
        validators=[
            FileRequired(_l("Choose a file to import.")),
            FileAllowed(["gift", "txt", "xml"], _l("Choose a .gift, .txt or .xml file.")),
            FileSize(MAX_GIFT_BYTES, message=_l("The file is larger than 512 KB.")),
        ],
    )
    shuffle_choices = BooleanField(
        _l("Shuffle the choices of each question, as Moodle does"),
        description=_l(
            "GIFT files list the right answer first. This sets the quiz's own setting, which"
            " you can change later in its settings."
        ),
    )
    submit = SubmitField(_l("Import the questions"))

    def data_read(self) -> bytes:
        return self.file.data.read(MAX_GIFT_BYTES + 1)

    def is_moodle_xml(self, raw: bytes) -> bool:
        name = (self.file.data.filename or "").lower()
        return name.endswith(".xml") or raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")

    def text(self, raw: bytes) -> str | None:
        """The file as text, or None with an error on the field when it is not UTF-8 text."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            self.file.errors = [_l("This file is not UTF-8 text. Save it as UTF-8 and try again.")]
            return None
        return text


class StatisticsForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    attempts = SelectField(
        _l("Attempts included"),
        choices=[
            SelectChoice("first", _l("Each trainee's first attempt (recommended)")),
            SelectChoice("all", _l("Every attempt")),
        ],
        default="first",
    )


PERCENT_HINT = _l(
    "A percentage added to the time limit of every timed quiz in the course, from 1 to 300 "
    "(50 gives an hour and a half for an hour). 0 takes the extra time away."
)


class ExtraTimeForm(FlaskForm):
    """Extra time for one person: the course's trainers name them by username; the cohort
    page's form (cohorts/forms.py) lets the organizer pick them instead."""

    username = StringField(
        _l("Username of the trainee"),
        validators=[DataRequired(_l("Enter the trainee's username.")), Length(max=40)],
    )
    percent = IntegerField(
        _l("Extra time (%)"),
        description=PERCENT_HINT,
        validators=[
            InputRequired(_l("Enter a whole number from 0 to 300.")),
            NumberRange(0, 300, _l("Enter a whole number from 0 to 300.")),
        ],
    )
    submit = SubmitField(_l("Save the extra time"))


class GradeForm(FlaskForm):
    """One essay answer's grading; each answer in the queue has its own (``prefix``)."""

    points = StringField(
        _l("Points"),
        validators=[DataRequired(message=_l("Give the points, from 0 to the question's."))],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    feedback = TextAreaField(
        _l("Feedback to the trainee (optional, Markdown)"),
        validators=[Optional(), Length(max=MAX_GRADER_FEEDBACK)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Save the grade"))

    def points_value(self) -> float | None:
        """The points as typed ("1,5", "١٫٥"), or None with an error on the field."""
        number = parse_number(self.points.data or "")
        if number is None:
            self.points.errors = [*self.points.errors, _l("Enter a number, such as 2 or 1.5.")]
        return number
