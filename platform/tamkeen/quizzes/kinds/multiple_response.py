"""Multiple response: tick every correct choice. Partial credit; wrong picks subtract.

Without weights, the correct choices share +100 % of the points and the wrong ones share
-100 %. With weights (as GIFT writes them), each choice is worth its own weight and the
positive weights must add up to 100. The total is never below 0. The answer is the list
of ticked choice ids.
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from ..gift_syntax import escape, feedback, number
from . import choices
from .base import Checker, InvalidAnswer, Kind, clamp


def default_weights(correct: list[bool]) -> list[float]:
    right, wrong = correct.count(True), correct.count(False)
    return [100 / right if is_right else -100 / wrong for is_right in correct]


def _weighted(items: list[dict], checker: Checker) -> list[float]:
    weights = [item["weight"] if item["weight"] is not None else 0 for item in items]
    for item in items:
        if item["correct"] and item["weight"] is None:
            checker.problem(item["line"], _l("Give this correct choice a weight, as the others."))
    if abs(sum(w for w in weights if w > 0) - 100) > 0.01:
        checker.problem(items[0]["line"], _l("The positive weights must add up to 100."))
    return weights


def read(spec: Mapping, checker: Checker) -> dict:
    items = choices.read_choices(spec, checker)
    if not items:
        return choices.stored([], [], False)
    if any(item["weight"] is not None for item in items):
        weights = _weighted(items, checker)
        correct = [w > 0 for w in weights]
    else:
        correct = [item["correct"] for item in items]
        weights = []
    if not any(correct):
        checker.problem(
            checker.line_of(spec, "choices"),
            _l("A multiple response question needs at least one correct choice."),
        )
        return choices.stored(items, [0] * len(items), False)
    defaults = default_weights(correct)
    # Weights equal to the defaults are the defaults: GIFT export and import give it back.
    if weights and any(abs(w - d) > 1e-6 for w, d in zip(weights, defaults, strict=True)):
        return choices.stored(items, weights, True)
    return choices.stored(items, defaults, False)


def parse(data: dict, form) -> list[str]:
    picked = set(form.getlist("answer"))
    known = choices.choice_ids(data)
    if not picked <= known:
        raise InvalidAnswer(sorted(picked - known))
    return [choice["id"] for choice in data["choices"] if choice["id"] in picked]


def grade(data: dict, answer: Any) -> float:
    picked = set(answer or [])
    total = sum(choice["weight"] for choice in data["choices"] if choice["id"] in picked)
    return clamp(total / 100)


def right_answer(data: dict) -> list[str]:
    return [choice["id"] for choice in data["choices"] if choice["weight"] > 0]


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    return choices.display(data, set(answer or []), rng, shuffle)


def picks(data: dict, answer: Any) -> list[str]:
    known = choices.choice_ids(data)
    return [choice_id for choice_id in (answer or []) if choice_id in known]


def gift_answers(data: dict) -> list[str]:
    """The answers in GIFT, one line each, inside the question's braces."""
    return [
        f"~%{number(choice['weight'])}%" + escape(choice["text"]) + feedback(choice["feedback"])
        for choice in data["choices"]
    ]


def printed(shown: dict) -> dict:
    """On paper: the choices, in ``display``'s order, with "choose all that apply"."""
    return {"choices": [choice["text"] for choice in shown["choices"]], "multiple": True}


KIND = Kind(
    name="multiple_response",
    label=_l("Multiple response"),
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
