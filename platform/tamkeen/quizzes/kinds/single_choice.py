"""Single choice: one answer among several; exactly one choice is worth all the points.

Other choices are worth nothing unless they set a ``weight`` (partial credit, as GIFT's
``~%50%`` does). The answer is the id of the chosen choice, or None.
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from ..gift_syntax import escape, feedback, number
from . import choices
from .base import Checker, InvalidAnswer, Kind, clamp


def read(spec: Mapping, checker: Checker) -> dict:
    items = choices.read_choices(spec, checker)
    weights = []
    for item in items:
        weight = item["weight"]
        if item["correct"] and weight not in (None, 100):
            checker.problem(item["line"], _l("A correct choice is worth 100; remove its weight."))
        weights.append(100 if item["correct"] else (weight if weight is not None else 0))
    if items and weights.count(100) != 1:
        checker.problem(
            checker.line_of(spec, "choices"),
            _l("A single choice question needs exactly one correct choice."),
        )
    weighted = any(w not in (0, 100) for w in weights)
    return choices.stored(items, weights, weighted)


def parse(data: dict, form) -> str | None:
    value = form.get("answer") or None
    if value is not None and value not in choices.choice_ids(data):
        raise InvalidAnswer(value)
    return value


def grade(data: dict, answer: Any) -> float:
    for choice in data["choices"]:
        if choice["id"] == answer:
            return clamp(choice["weight"] / 100)
    return 0.0


def right_answer(data: dict) -> str:
    return max(data["choices"], key=lambda choice: choice["weight"])["id"]


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    return choices.display(data, {answer}, rng, shuffle)


def picks(data: dict, answer: Any) -> list[str]:
    return [answer] if answer in choices.choice_ids(data) else []


def gift_answers(data: dict) -> list[str]:
    """The answers in GIFT, one line each, inside the question's braces."""
    lines = []
    for choice in data["choices"]:
        weight = choice["weight"]
        mark = "=" if weight == 100 else ("~" if weight == 0 else f"~%{number(weight)}%")
        if mark == "~" and choice["text"].startswith("%"):
            mark = "~%0%"
        lines.append(mark + escape(choice["text"]) + feedback(choice["feedback"]))
    return lines


def printed(shown: dict) -> dict:
    """On paper: the choices, in ``display``'s order."""
    return {"choices": [choice["text"] for choice in shown["choices"]]}


KIND = Kind(
    name="single_choice",
    label=_l("Single choice"),
    keys=frozenset({"choices"}),
    read=read,
    to_spec=choices.to_spec,
    parse=parse,
    grade=grade,
    right_answer=right_answer,
    display=display,
    picks=picks,
    describe_pick=choices.describe_pick,
    expected_picks=choices.expected_picks,
    gift_answers=gift_answers,
    printed=printed,
)
