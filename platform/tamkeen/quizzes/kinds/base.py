"""What every question kind declares, and the helpers the kinds share.

A kind is one module in this package. It says how its data is validated (``read``: a
question as course packages write it, see docs/course-format.md, becomes the stored data),
how that data is written back (``to_spec``), how it renders (a template partial fed by
``display``), what an answer looks like (``parse`` turns form input into an answer and
refuses choices that are not in the question), and how it is graded (``grade``: a pure
function from data and answer to the fraction of the points earned, from 0 to 1).
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from ...yamlfile import LineDict, LineList

MAX_TEXT = 2000  # a choice, an answer, an item
MAX_ANSWER = 1000  # what a trainee may type
MAX_ESSAY = 10_000  # what a trainee may write in an essay (about four pages)


class InvalidAnswer(ValueError):
    """Form input no honest page could send (a choice that is not in the question): 400."""


class AnswerError(ValueError):
    """An answer the trainee should correct (a number that is not one): shown, not saved."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # lazily translated
    keys: frozenset[str]  # the kind's own keys in a question, beside kind/name/prompt/...
    read: Callable[[Mapping, "Checker"], dict]
    to_spec: Callable[[dict], dict]
    parse: Callable[[dict, Any], Any]  # (data, form MultiDict) -> answer
    grade: Callable[[dict, Any], float]
    right_answer: Callable[[dict], Any]
    display: Callable[[dict, Any, Random, bool], dict]  # (data, answer, rng, shuffle)
    picks: Callable[[dict, Any], list[str]]
    describe_pick: Callable[[dict, str], str | None]
    expected_picks: Callable[[dict], list[str]]
    gift_answers: Callable[[dict], list[str]]  # the answers in GIFT (gift_export.py)
    # The braces around them: answers on their own lines, or on the question's line.
    gift_braces: tuple[str, str] = ("{\n\t", "\n}")
    # What a printed quiz shows to choose from, given ``display``'s values (handbook.py).
    printed: Callable[[dict], dict] = lambda shown: {}
    # Who grades it: "auto" (``grade``), "trainer" (an essay: the answer waits in the
    # grading queue, quizzes/grading.py) or "none" (a description: no answer, no points).
    graded_by: str = "auto"

    @property
    def is_auto(self) -> bool:
        return self.graded_by == "auto"

    @property
    def takes_answer(self) -> bool:
        return self.graded_by != "none"

    @property
    def template(self) -> str:
        return f"quizzes/kinds/_{self.name}.html"

    def score(self, data: dict, answer: Any, points: float) -> float:
        """Points earned: the grade times the points, rounded so that sums stay exact."""
        return round(self.grade(data, answer) * points, 6)


def clamp(fraction: float) -> float:
    """A fraction of the points, within [0, 1], without floating-point dust."""
    return min(1.0, max(0.0, round(fraction, 6)))


def text_id(text: str) -> str:
    """A stable id for a choice: the same text keeps its id when choices are reordered."""
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def is_answered(answer: Any) -> bool:
    if isinstance(answer, dict):
        return any(value not in (None, "") for value in answer.values())
    return answer not in (None, "", [])


class Checker:
    """Checks one question's values, reporting each problem with the best line known.

    ``report(line, message)`` receives the problems; mappings and lists read from YAML
    know their lines, others (a GIFT question) fall back to the question's line. A form
    gives each of its fields a "line" of its own, and names keys by its fields' labels
    (``label``) and missing values its own way (``missing``).
    """

    def __init__(self, report: Callable[[int, Any], None], line: int = 0):
        self.report = report
        self.line = line
        self.ok = True

    def label(self, key: str) -> Any:
        """How messages name ``key``: as the package format spells it."""
        return key

    def missing(self, key: str) -> Any:
        return _l("Missing key: %(key)s.", key=self.label(key))

    def problem(self, line: int | None, message: Any) -> None:
        self.ok = False
        self.report(line or self.line, message)

    def line_of(self, container: Any, key: Any = None) -> int:
        if isinstance(container, LineDict):
            return container.lines.get(key, container.line) if key is not None else container.line
        if isinstance(container, LineList) and isinstance(key, int) and key < len(container):
            return container.lines[key]
        return getattr(container, "line", 0) or self.line

    def text(self, data: Mapping, key: str, *, required: bool = False, limit=MAX_TEXT) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(self.line_of(data, key), self.missing(key))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(self.line_of(data, key), _l("%(key)s must be text.", key=self.label(key)))
            return ""
        value = str(value).strip()
        if len(value) > limit:
            self.problem(
                self.line_of(data, key),
                _l("%(key)s is longer than %(n)d.", key=self.label(key), n=limit),
            )
        return value

    def number(self, data: Mapping, key: str, *, default=None, low=None, high=None):
        value = data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(
                self.line_of(data, key), _l("%(key)s must be a number.", key=self.label(key))
            )
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(
                self.line_of(data, key),
                _l(
                    "%(key)s must be from %(low)s to %(high)s.",
                    key=self.label(key),
                    low=low,
                    high=high,
                ),
            )
            return default
        return value

    def boolean(self, data: Mapping, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(
                self.line_of(data, key), _l("%(key)s must be true or false.", key=self.label(key))
            )
            return default
        return value

    def mappings(self, data: Mapping, key: str, allowed: set[str], minimum: int) -> list:
        """The list of mappings under ``key``, each checked for unknown keys."""
        items = data.get(key)
        if not isinstance(items, list) or len(items) < minimum:
            self.problem(
                self.line_of(data, key),
                _l("%(key)s must be a list of at least %(n)d.", key=self.label(key), n=minimum),
            )
            return []
        found = []
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                self.problem(
                    self.line_of(items, index), _l("Expected a mapping of keys and values.")
                )
                continue
            for name in item:
                if name not in allowed:
                    self.problem(self.line_of(item, name), _l("Unknown key: %(key)s.", key=name))
            found.append(item)
        return found

    def unique(self, values: list[str], where: Any) -> None:
        seen = set()
        for index, value in enumerate(values):
            if value in seen:
                self.problem(
                    self.line_of(where, index),
                    _l("The same text appears twice: %(text)s", text=value),
                )
            seen.add(value)


def weight_of(checker: Checker, item: Mapping, default: float) -> float:
    return checker.number(item, "weight", default=default, low=-100, high=100)


def shuffled(items: list, rng: Random, shuffle: bool = True) -> list:
    items = list(items)
    if shuffle:
        rng.shuffle(items)
    return items
