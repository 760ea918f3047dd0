"""True or false: a statement to judge. The answer is True, False or None.

Each side may carry its own feedback, shown to those who answered it.
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..gift_syntax import escape
from .base import Checker, InvalidAnswer, Kind

VALUES = {"true": True, "false": False}
SIDES = ("true", "false")


def read(spec: Mapping, checker: Checker) -> dict:
    if not isinstance(spec.get("answer"), bool):
        checker.problem(checker.line_of(spec, "answer"), _l("answer must be true or false."))
    return {
        "answer": bool(spec.get("answer")),
        "feedback_true": checker.text(spec, "feedback_true"),
        "feedback_false": checker.text(spec, "feedback_false"),
    }


def to_spec(data: dict) -> dict:
    spec: dict[str, Any] = {"answer": data["answer"]}
    for key in ("feedback_true", "feedback_false"):
        if data[key]:
            spec[key] = data[key]
    return spec


def parse(data: dict, form) -> bool | None:
    value = form.get("answer") or None
    if value is None:
        return None
    if value not in VALUES:
        raise InvalidAnswer(value)
    return VALUES[value]


def grade(data: dict, answer: Any) -> float:
    return 1.0 if answer is data["answer"] else 0.0


def right_answer(data: dict) -> bool:
    return data["answer"]


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    # True comes before false, always: reading order matters more than shuffling here.
    return {
        "sides": [
            {
                "value": side,
                "picked": answer is VALUES[side],
                "correct": data["answer"] is VALUES[side],
                "feedback": data[f"feedback_{side}"],
            }
            for side in SIDES
        ]
    }


def picks(data: dict, answer: Any) -> list[str]:
    return [] if answer is None else ["true" if answer else "false"]


def describe_pick(data: dict, key: str) -> str | None:
    return {"true": str(_l("True")), "false": str(_l("False"))}.get(key)


def expected_picks(data: dict) -> list[str]:
    return list(SIDES)


def gift_answers(data: dict) -> list[str]:
    """The answers in GIFT, one line each, inside the question's braces."""
    right = data["feedback_true" if data["answer"] else "feedback_false"]
    wrong = data["feedback_false" if data["answer"] else "feedback_true"]
    text = "TRUE" if data["answer"] else "FALSE"
    if wrong or right:
        text += "#" + escape(wrong)
    if right:
        text += "#" + escape(right)
    return [text]


def printed(shown: dict) -> dict:
    """On paper: the two answers, in the reader's language."""
    return {"choices": [_("True"), _("False")]}


KIND = Kind(
    name="true_false",
    label=_l("True or false"),
    keys=frozenset({"answer", "feedback_true", "feedback_false"}),
    read=read,
    to_spec=to_spec,
    parse=parse,
    grade=grade,
    right_answer=right_answer,
    display=display,
    picks=picks,
    describe_pick=describe_pick,
    expected_picks=expected_picks,
    gift_answers=gift_answers,
    printed=printed,
    gift_braces=("{", "}"),
)
