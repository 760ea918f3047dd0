"""Library forms: the public filter, and the form trainers and organizers publish with."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..i18n import language_choices, language_filter_choices
from .models import TOPICS


def _topic_choices(blank_label=None):
    choices = [("", blank_label)] if blank_label is not None else []
    return choices + [(key, label) for key, label in TOPICS.items()]


class LibraryFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = SearchField(_l("Search titles and summaries"), validators=[Optional(), Length(max=100)])
    topic = SelectField(_l("Topic"), choices=lambda: _topic_choices(_l("All topics")), default="")
    # A bare /papers opens on the interface's language (the view passes it as the default).
    language = SelectField(
        _l("Language"), choices=lambda: language_filter_choices(_l("All languages"))
    )
    submit = SubmitField(_l("Show"))


class PaperForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Enter a title.")),
            Length(max=200, message=_l("At most 200 characters.")),
        ],
    )
    authors = StringField(
        _l("Authors"),
        description=_l("People or organizations, separated by commas."),
        validators=[InputRequired(_l("Name at least one author.")), Length(max=500)],
    )
    language = SelectField(_l("Language of the paper"), choices=language_choices)
    topic = SelectField(_l("Topic"), choices=_topic_choices)
    summary = TextAreaField(
        _l("Summary"),
        description=_l("Three or four lines: what the paper argues."),
        validators=[InputRequired(_l("Write a short summary.")), Length(max=2000)],
    )
    published_on = DateField(
        _l("Date"), validators=[InputRequired(_l("Enter the date of the paper."))]
    )
    body = TextAreaField(
        _l("Text of the paper (Markdown)"),
        description=_l("Write the paper here, or upload it as a PDF below."),
        validators=[Optional(), Length(max=200_000)],
    )
    pdf = FileField(
        _l("Or upload a PDF"),
        description=_l("It is checked before it is published, and its author details are removed."),
    )
    submit = SubmitField(_l("Publish"))

    def __init__(self, *args, has_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file

    def upload(self) -> bytes | None:
        return getattr(self, "_upload", None)

    def validate_pdf(self, field):
        storage = field.data
        if not storage or not getattr(storage, "filename", ""):
            self._upload = None
        else:
            limit = current_app.config["PAPER_MAX_BYTES"]
            data = storage.read(limit + 1)
            if len(data) > limit:
                raise ValidationError(_l("The file is larger than %(mb)d MB.", mb=limit >> 20))
            self._upload = data
        written = bool((self.body.data or "").strip())
        if written and self._upload:
            raise ValidationError(_l("Either write the paper or upload a PDF, not both."))
        if not written and not self._upload and not self.has_file:
            raise ValidationError(_l("Write the paper or upload it as a PDF."))

    def paper_fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "authors": [name.strip() for name in self.authors.data.split(",") if name.strip()],
            "language": self.language.data,
            "topic": self.topic.data,
            "summary": self.summary.data.strip(),
            "published_on": self.published_on.data,
        }
