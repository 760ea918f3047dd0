"""Quizzes and questions as authors write them (docs/course-format.md, "Quizzes"), checked.

Course packages (YAML), GIFT files and, later, the trainers' editors all describe a question
as the same mapping; ``read_question`` checks it with its kind and returns what is stored.
Nothing here touches the database.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from .kinds import KINDS, Checker

QUESTION_KEYS = {"kind", "name", "prompt", "points", "feedback"}
SETTING_KEYS = {
    "title", "pass_mark", "max_attempts", "time_limit_minutes", "shuffle_questions",
    "shuffle_choices", "draw", "feedback", "counts",
}  # fmt: skip
FEEDBACK_CHOICES = ("after_attempt", "after_pass", "never")
COUNTS_CHOICES = ("best", "last")
MAX_PROMPT, MAX_NAME, MAX_TITLE = 10_000, 100, 200


@dataclass
class QuestionSpec:
    kind: str
    prompt: str
    data: dict
    name: str = ""
    points: float = 1
    feedback: str = ""
    line: int = 0

    def key(self, position: int) -> str:
        """What matches this question to its stored self on re-import: its name, or place."""
        return f"name:{self.name}" if self.name else f"position:{position}"


@dataclass
class QuizSpec:
    path: str = ""
    title: str = ""
    pass_mark: int = 70
    max_attempts: int | None = None
    time_limit_minutes: int | None = None
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    draw: int | None = None
    feedback: str = "after_attempt"
    counts: str = "best"
    questions: list[QuestionSpec] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # each key's line in a YAML file

    SETTINGS = (
        "title", "pass_mark", "max_attempts", "time_limit_minutes", "shuffle_questions",
        "shuffle_choices", "draw", "feedback", "counts",
    )  # fmt: skip

    def settings(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.SETTINGS}


def read_question(spec: Any, checker: Checker) -> QuestionSpec | None:
    """The question ``spec`` describes, or None; every problem goes to ``checker``."""
    if not isinstance(spec, Mapping):
        checker.problem(checker.line, _l("Expected a mapping of keys and values."))
        return None
    kind = KINDS.get(spec.get("kind"))
    if kind is None:
        checker.problem(
            checker.line_of(spec, "kind"),
            _l("Unknown question kind; use one of: %(kinds)s.", kinds=", ".join(KINDS)),
        )
        return None
    for key in spec:
        if key not in QUESTION_KEYS | kind.keys:
            checker.problem(checker.line_of(spec, key), _l("Unknown key: %(key)s.", key=key))
    if not kind.takes_answer and "points" in spec:
        checker.problem(
            checker.line_of(spec, "points"),
            _l("A description has no points: remove %(key)s.", key=checker.label("points")),
        )
    question = QuestionSpec(
        kind=kind.name,
        prompt=checker.text(spec, "prompt", required=True, limit=MAX_PROMPT),
        name=checker.text(spec, "name", limit=MAX_NAME),
        points=(
            checker.number(spec, "points", default=1, low=0.01, high=1000)
            if kind.takes_answer
            else 0
        ),
        feedback=checker.text(spec, "feedback", limit=MAX_PROMPT),
        data=kind.read(spec, checker),
        line=checker.line_of(spec),
    )
    if (
        checker.ok
        and kind.is_auto
        and kind.grade(question.data, kind.right_answer(question.data)) != 1
    ):
        checker.problem(
            checker.line_of(spec),
            _l("No answer gets all the points: an earlier answer catches the right one."),
        )
    return question


def question_to_spec(kind: str, prompt: str, data: dict, **common: Any) -> dict[str, Any]:
    """A stored question as authors write it: what ``read_question`` reads back."""
    spec: dict[str, Any] = {"kind": kind}
    if common.get("name"):
        spec["name"] = common["name"]
    spec["prompt"] = prompt
    if common.get("points", 1) != 1 and KINDS[kind].takes_answer:
        spec["points"] = common["points"]
    spec.update(KINDS[kind].to_spec(data))
    if common.get("feedback"):
        spec["feedback"] = common["feedback"]
    return spec


def _whole(checker: Checker, data: Mapping, key: str, low: int, high: int) -> int | None:
    value = checker.number(data, key, low=low, high=high)
    if value is not None and not isinstance(value, int):
        checker.problem(
            checker.line_of(data, key),
            _l("%(key)s must be a whole number.", key=checker.label(key)),
        )
        return None
    return value


def _choice(checker: Checker, data: Mapping, key: str, allowed: tuple, default: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        checker.problem(
            checker.line_of(data, key),
            _l(
                "%(key)s must be one of: %(values)s.",
                key=checker.label(key),
                values=", ".join(allowed),
            ),
        )
        return default
    return value


def read_settings(data: Mapping, checker: Checker) -> QuizSpec:
    """The quiz's settings (everything but its questions), with the documented defaults."""
    pass_mark = _whole(checker, data, "pass_mark", 0, 100)
    return QuizSpec(
        title=checker.text(data, "title", limit=MAX_TITLE),
        pass_mark=70 if pass_mark is None else pass_mark,
        max_attempts=_whole(checker, data, "max_attempts", 1, 1000),
        time_limit_minutes=_whole(checker, data, "time_limit_minutes", 1, 24 * 60),
        shuffle_questions=checker.boolean(data, "shuffle_questions"),
        shuffle_choices=checker.boolean(data, "shuffle_choices"),
        draw=_whole(checker, data, "draw", 1, 1000),
        feedback=_choice(checker, data, "feedback", FEEDBACK_CHOICES, "after_attempt"),
        counts=_choice(checker, data, "counts", COUNTS_CHOICES, "best"),
    )


def check_questions(quiz: QuizSpec, checker: Checker, line: int) -> None:
    """Rules across the questions: at least one, names unique, a draw the pool can give."""
    if not quiz.questions:
        checker.problem(
            quiz.lines.get("questions", line), _l("A quiz needs at least one question.")
        )
    seen = set()
    for question in quiz.questions:
        if question.name and question.name in seen:
            checker.problem(
                question.line, _l("Two questions have the name %(name)s.", name=question.name)
            )
        seen.add(question.name)
    if quiz.questions:
        check_draw(quiz.draw, len(quiz.questions), checker, quiz.lines.get("draw", line))


def check_draw(draw: int | None, count: int, checker: Checker, line: int) -> None:
    """A quiz cannot draw more questions per attempt than it has."""
    if draw and draw > count:
        checker.problem(
            line,
            _l(
                "%(key)s asks for %(draw)d questions but the quiz has %(count)d.",
                key=checker.label("draw"),
                draw=draw,
                count=count,
            ),
        )
