"""Quiz editor forms, which check nothing that a course package would not.

A form's fields are named as the package format names its keys (docs/course-format.md), so
a form becomes exactly the mapping a quiz file holds, and the quiz engine's own readers
(``spec.read_settings``, ``spec.read_question`` and the kinds, see question_forms.py) check
it. Each field takes a "line" of its own, so that every problem they report lands on the
field, row or list it is about, in the person's language. Forms only turn typed text into
numbers and leave blank rows out.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    FormField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)

from ..i18n import direction
from ..quizzes.kinds import Checker
from ..quizzes.kinds.numeric import parse_number
from ..quizzes.spec import QuizSpec, check_draw, read_settings
from ..yamlfile import LineDict, LineList


class NumberField(StringField):
    """A number as people type it ("1,5", "١٫٥", "2"); whole numbers stay whole.

    With ``any_value``, ``*`` is a value too (a numeric answer that catches every number).
    """

    def __init__(self, *args, any_value: bool = False, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)
        self.any_value = any_value

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        if self.any_value and text == "*":
            self.data = "*"
            return
        number = parse_number(text)
        if number is None:
            raise ValueError(_l("Enter a number, such as 12 or 3.5."))
        self.data = int(number) if number.is_integer() and abs(number) < 2**53 else number

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, float) and self.data.is_integer():
            return str(int(self.data))  # points stored as 2.0 read "2"
        return "" if self.data is None else str(self.data)


class FormChecker(Checker):
    """A checker whose "lines" are a form's fields and which names keys by their labels."""

    def __init__(self, form: "SpecForm"):
        super().__init__(form.report, 0)
        self.labels = form.labels()

    def label(self, key: str) -> Any:
        return self.labels.get(key, key)

    def missing(self, key: str) -> Any:
        return _l("Fill in this field.")


def is_blank(field: Field) -> bool:
    """Left empty: no text, no number, an unticked box (a "false" answer is not blank)."""
    value = field.data
    if isinstance(field, BooleanField):
        return not value
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> Any:
    """Text as browsers send it (CRLF) becomes text as packages hold it (LF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _entries(field: Field) -> list[FormField]:
    return list(field.entries) if isinstance(field, FieldList) else []


class SpecForm(FlaskForm):
    """A form that writes itself as a package mapping, with each field as a "line"."""

    SPEC_FIELDS: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_line: dict[int, Field] = {}
        self.group_errors: dict[str, list] = {}

    def labels(self) -> dict[str, Any]:
        """Each key's label: the form's own fields first, then its rows' fields."""
        found = {name: self[name].label.text for name in self.SPEC_FIELDS}
        for name in self.SPEC_FIELDS:
            for entry in _entries(self[name])[:1]:
                for sub in entry.form:
                    found.setdefault(sub.short_name, sub.label.text)
        return found

    def _line(self, field: Field) -> int:
        self.by_line[len(self.by_line) + 1] = field
        return len(self.by_line)

    def _row(self, entry: FormField) -> Any:
        fields = list(entry.form)
        if getattr(entry.form, "AS_TEXT", False):  # a list of texts, not of mappings
            return _text(fields[0].data)
        row = LineDict()
        row.line, row.lines = self._line(entry), {}
        for field in fields:  # a blank field has a line too: a problem may say it is missing
            row.lines[field.short_name] = self._line(field)
            if not is_blank(field):
                row[field.short_name] = _text(field.data)
        return row

    def _rows(self, field: FieldList) -> LineList:
        rows, lines = LineList(), []
        for entry in field.entries:
            if all(is_blank(sub) for sub in entry.form):
                continue  # a blank row is no row
            rows.append(self._row(entry))
            lines.append(self._line(entry))
        rows.line, rows.lines = self._line(field), lines
        return rows

    def as_mapping(self) -> LineDict:
        """The form as a package mapping; blank values are left out, as a package would."""
        self.by_line.clear()
        mapping = LineDict()
        mapping.line, mapping.lines = 0, {}
        for name in self.SPEC_FIELDS:
            field = self[name]
            if isinstance(field, FieldList):
                mapping[name] = self._rows(field)
            elif not is_blank(field):
                mapping[name] = _text(field.data)
            mapping.lines[name] = self._line(field)
        return mapping

    def report(self, line: int, message: Any) -> None:
        """A problem the quiz engine found, put on the field, row or list it is about."""
        field = self.by_line.get(line)
        if field is None or isinstance(field, FieldList | FormField):
            self.group_errors.setdefault(field.id if field else "", []).append(message)
        else:
            field.errors = [*field.errors, message]
        self._errors = None

    @property
    def errors(self):
        """WTForms' errors, and those the quiz engine put on rows, lists and fields in rows."""
        errors = dict(super().errors)
        problems = [message for _id, _label, message in self.error_pairs()]
        if problems:
            errors["problems"] = problems
        return errors

    def error_pairs(self) -> list[tuple[str, Any, Any]]:
        """Every problem as (id of what it is about, its label, message), in page order."""
        pairs: list[tuple[str, Any, Any]] = []
        for field in self:
            label = field.label.text
            pairs += [(field.id, label, m) for m in self.group_errors.get(field.id, [])]
            for number, entry in enumerate(_entries(field), start=1):
                row = entry.form.row_label(number)
                pairs += [(entry.id, row, m) for m in self.group_errors.get(entry.id, [])]
                for sub in entry.form:
                    pairs += [(sub.id, f"{row}, {sub.label.text}", m) for m in sub.errors]
            if not isinstance(field, FieldList | FormField):
                pairs += [(field.id, label, m) for m in field.errors]
        return pairs + [("", "", m) for m in self.group_errors.get("", [])]

    def in_language(self, language: str) -> "SpecForm":
        """Course text is typed in the course's language and direction."""
        attrs = {"lang": language, "dir": direction(language)}
        for field in self:
            subs = [s for e in _entries(field) for s in e.form] or [field]
            for sub in subs:
                if type(sub) in (StringField, TextAreaField) and sub.short_name != "more":
                    sub.render_kw = {**(sub.render_kw or {}), **attrs}
        return self


class QuizForm(SpecForm):
    SPEC_FIELDS = QuizSpec.SETTINGS

    title = StringField(
        _l("Title (optional)"),
        description=_l("Without a title, trainees see “Module quiz” or “Final assessment”."),
    )
    pass_mark = NumberField(_l("Pass mark, in percent"), default=70)
    max_attempts = NumberField(
        _l("Attempts allowed"), description=_l("Leave empty for as many as trainees want.")
    )
    time_limit_minutes = NumberField(
        _l("Time limit, in minutes"), description=_l("Leave empty for no limit.")
    )
    draw = NumberField(
        _l("Questions per attempt"),
        description=_l(
            "Each attempt draws this many of the quiz's questions at random. "
            "Leave empty for all of them."
        ),
    )
    shuffle_questions = BooleanField(_l("Shuffle the questions in each attempt"))
    shuffle_choices = BooleanField(_l("Shuffle the choices of each question"))
    feedback = RadioField(
        _l("Trainees see the right answers and the feedback"),
        choices=[
            SelectChoice("after_attempt", _l("After each attempt")),
            SelectChoice("after_pass", _l("Once they pass")),
            SelectChoice("never", _l("Never")),
        ],
        default="after_attempt",
        validate_choice=False,  # the quiz engine checks it, as in a package
    )
    counts = RadioField(
        _l("The attempt that counts"),
        choices=[
            SelectChoice("best", _l("The best one")),
            SelectChoice("last", _l("The last one")),
        ],
        default="best",
        validate_choice=False,
    )
    submit = SubmitField(_l("Save the quiz"))

    def checked_settings(self, question_count: int) -> QuizSpec | None:
        """The settings as the quiz engine reads them; None, with errors on fields, if wrong.

        The engine checks what could be read even when a field could not, so that every
        problem is shown at once.
        """
        valid = self.validate()
        mapping = self.as_mapping()
        for name in ("shuffle_questions", "shuffle_choices"):
            mapping.setdefault(name, False)
        checker = FormChecker(self)
        settings = read_settings(mapping, checker)
        check_draw(settings.draw, question_count, checker, mapping.lines.get("draw", 0))
        return settings if valid and checker.ok else None

    @staticmethod
    def data_of(quiz) -> dict:
        return {name: getattr(quiz, name) for name in QuizSpec.SETTINGS}
