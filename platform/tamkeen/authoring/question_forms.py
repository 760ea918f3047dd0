"""One editor form per question kind, each naming its fields as packages name their keys.

``KIND_FORMS`` has a form for every kind in the quiz registry (a test checks it). Choices,
answers, pairs and items are rows: a few blank ones are always offered, and the "add more
rows" buttons bring the form back longer, without JavaScript. Every rule about a question
is the quiz engine's (``spec.read_question`` and the kind's ``read``); see quiz_forms.py.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from ..quizzes.spec import QuestionSpec, read_question
from .quiz_forms import FormChecker, NumberField, SpecForm

MAX_ROWS = 50  # rows in one list
MORE_ROWS = 3  # blank rows that "add more rows" adds
COMMON = ("name", "prompt", "points", "feedback")
WEIGHT = _l("Weight, in percent (optional)")


class ChoiceRow(Form):
    text = StringField(_l("Text"))
    correct = BooleanField(_l("Correct"))
    weight = NumberField(WEIGHT, description=_l("For partial credit: from -100 to 100."))
    feedback = StringField(_l("Feedback to those who pick it (optional)"))

    @staticmethod
    def row_label(n: int) -> Any:
        return _l("Choice %(n)d", n=n)


class AnswerRow(Form):
    text = StringField(_l("Accepted answer"), description=_l("* stands for any text."))
    weight = NumberField(WEIGHT, description=_l("Default: 100."))
    feedback = StringField(_l("Feedback to those who give it (optional)"))

    @staticmethod
    def row_label(n: int) -> Any:
        return _l("Accepted answer %(n)d", n=n)


class NumberRow(Form):
    value = NumberField(
        _l("Value"), any_value=True, description=_l("* catches every other number.")
    )
    tolerance = NumberField(_l("Tolerance (±)"))
    min = NumberField(_l("Or a range: from"))
    max = NumberField(_l("to"))
    weight = NumberField(WEIGHT, description=_l("Default: 100."))
    feedback = StringField(_l("Feedback to those who give it (optional)"))

    @staticmethod
    def row_label(n: int) -> Any:
        return _l("Accepted answer %(n)d", n=n)


class PairRow(Form):
    prompt = StringField(_l("Item"))
    match = StringField(_l("Its match"))

    @staticmethod
    def row_label(n: int) -> Any:
        return _l("Pair %(n)d", n=n)


class ItemRow(Form):
    AS_TEXT = True  # the list holds texts, not mappings
    text = StringField(_l("Text"))

    @staticmethod
    def row_label(n: int) -> Any:
        return _l("Item %(n)d", n=n)


class DistractorRow(Form):
    AS_TEXT = True
    text = StringField(_l("Text"))

    @staticmethod
    def row_label(n: int) -> Any:
        return _l("Distractor %(n)d", n=n)


def _rows(row: type[Form], label: Any, description: Any = None) -> FieldList:
    return FieldList(FormField(row), label=label, description=description, max_entries=MAX_ROWS)


def _truth(value: Any) -> Any:
    """ "true" and "false", as a form sends them, are the answers True and False."""
    return (
        {"true": True, "false": False}.get(value.lower(), value)
        if isinstance(value, str)
        else value
    )


class QuestionForm(SpecForm):
    """What every kind of question has; each kind's form adds its own fields."""

    COMMON = COMMON
    ROW_LISTS: tuple[str, ...] = ()
    HINT: Any = ""

    name = StringField(
        _l("Short name (optional)"),
        description=_l("Shown in the statistics; a package import finds the question by it."),
    )
    prompt = TextAreaField(_l("Question (Markdown)"), render_kw={"rows": 4})
    points = NumberField(_l("Points"), default=1)
    feedback = TextAreaField(
        _l("General feedback (optional)"),
        description=_l("Shown to every trainee after the attempt, as the quiz allows."),
        render_kw={"rows": 2},
    )
    more = StringField(validators=[Optional()])
    submit = SubmitField(_l("Save the question"))

    def __init__(self, *args, kind: str, language: str, blank_rows: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.language = kind, language
        for name in self.ROW_LISTS:
            # A form sent back keeps the rows it was sent with; a new one offers blank rows.
            self.add_rows(name, 0 if self.is_submitted() else blank_rows)

    def add_rows(self, name: str, count: int) -> None:
        rows = self[name]
        for _ in range(max(0, min(count, MAX_ROWS - len(rows.entries)))):
            rows.append_entry()
        self.in_language(self.language)

    def wants_more_rows(self) -> bool:
        """The "add more rows" buttons: the form comes back longer, and nothing is saved."""
        if self.more.data in self.ROW_LISTS:
            self.add_rows(self.more.data, MORE_ROWS)
            return True
        return False

    def checked_question(self) -> QuestionSpec | None:
        """The question as the quiz engine reads it; None, with errors on fields, if wrong.

        The engine checks what could be read even when a field could not (a number that is
        not one), so that every problem is shown at once.
        """
        valid = self.validate()
        mapping = self.as_mapping()
        mapping["kind"] = self.kind
        checker = FormChecker(self)
        question = read_question(mapping, checker)
        return question if valid and checker.ok else None

    @classmethod
    def data_from_spec(cls, spec: dict) -> dict:
        """Form data from a question as packages write it (``spec.question_to_spec``)."""
        data = {key: value for key, value in spec.items() if key != "kind"}
        for name in cls.ROW_LISTS:
            data[name] = [{"text": r} if isinstance(r, str) else r for r in data.get(name, [])]
        return data


class SingleChoiceForm(QuestionForm):
    SPEC_FIELDS = (*COMMON, "choices")
    ROW_LISTS = ("choices",)
    HINT = _l("Tick the one correct choice. Other choices may give partial credit by weight.")
    choices = _rows(ChoiceRow, _l("Choices"))


class MultipleResponseForm(QuestionForm):
    SPEC_FIELDS = (*COMMON, "choices")
    ROW_LISTS = ("choices",)
    HINT = _l(
        "Tick every correct choice: they share the points, and wrong picks take them away. "
        "Or give every choice a weight; the positive weights add up to 100."
    )
    choices = _rows(ChoiceRow, _l("Choices"))


class TrueFalseForm(QuestionForm):
    SPEC_FIELDS = (*COMMON, "answer", "feedback_true", "feedback_false")
    HINT = _l("A statement that trainees judge true or false.")
    answer = RadioField(
        _l("The statement is"),
        choices=[SelectChoice("true", _l("True")), SelectChoice("false", _l("False"))],
        coerce=_truth,
        validate_choice=False,  # the quiz engine checks it
    )
    feedback_true = StringField(_l("Feedback to those who answer “true” (optional)"))
    feedback_false = StringField(_l("Feedback to those who answer “false” (optional)"))


class ShortAnswerForm(QuestionForm):
    SPEC_FIELDS = (*COMMON, "answers")
    ROW_LISTS = ("answers",)
    HINT = _l(
        "Trainees type their answer. Case, extra spaces and, in Arabic, diacritics and the "
        "usual letter variants are ignored. The first accepted answer that matches counts."
    )
    answers = _rows(AnswerRow, _l("Accepted answers"))


class NumericForm(QuestionForm):
    SPEC_FIELDS = (*COMMON, "answers")
    ROW_LISTS = ("answers",)
    HINT = _l(
        "Trainees type a number. Accept a value with a tolerance, or a range. "
        "The first accepted answer that contains the number counts."
    )
    answers = _rows(NumberRow, _l("Accepted answers"))


class MatchingForm(QuestionForm):
    SPEC_FIELDS = (*COMMON, "pairs", "distractors")
    ROW_LISTS = ("pairs", "distractors")
    HINT = _l("Trainees pick, for each item, its match among all the matches, shuffled.")
    pairs = _rows(PairRow, _l("Pairs"))
    distractors = _rows(
        DistractorRow, _l("Distractors (optional)"), _l("Extra matches that fit no item.")
    )


class OrderingForm(QuestionForm):
    SPEC_FIELDS = (*COMMON, "items")
    ROW_LISTS = ("items",)
    HINT = _l("Write the items in the right order: trainees see them shuffled.")
    items = _rows(ItemRow, _l("Items, in the right order"))


class EssayForm(QuestionForm):
    SPEC_FIELDS = COMMON
    HINT = _l(
        "Trainees write an answer in their own words. A trainer of the course grades it in "
        "the grading queue; until then the attempt awaits grading."
    )


class DescriptionForm(QuestionForm):
    SPEC_FIELDS = ("name", "prompt")
    HINT = _l("Text between questions: nothing to answer, no points.")
    prompt = TextAreaField(_l("Text (Markdown)"), render_kw={"rows": 6})


KIND_FORMS: dict[str, type[QuestionForm]] = {
    "single_choice": SingleChoiceForm,
    "multiple_response": MultipleResponseForm,
    "true_false": TrueFalseForm,
    "short_answer": ShortAnswerForm,
    "numeric": NumericForm,
    "matching": MatchingForm,
    "ordering": OrderingForm,
    "essay": EssayForm,
    "description": DescriptionForm,
}
