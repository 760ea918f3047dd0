"""Essay: the trainee writes an answer in their own words; a trainer of the course grades it.

Submitting an attempt with an essay leaves it awaiting grading (quizzes/grading.py): its
score, pass or fail, and the course's completion wait until every essay in it is graded.
The answer is the text as written, at most ``MAX_ESSAY`` characters (a clear error above).
There is nothing to pick, so the statistics count only the points trainers gave.
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from .base import MAX_ESSAY, AnswerError, Checker, Kind


def read(spec: Mapping, checker: Checker) -> dict:
    return {}


def to_spec(data: dict) -> dict:
    return {}


def parse(data: dict, form) -> str:
    value = (form.get("answer") or "").replace("\r\n", "\n").strip()
    if len(value) > MAX_ESSAY:
        raise AnswerError(
            _l(
                "Your answer is %(length)d characters long; the most is %(n)d. Please shorten it.",
                length=len(value),
                n=MAX_ESSAY,
            )
        )
    return value


def grade(data: dict, answer: Any) -> float:
    return 0.0  # a trainer grades it


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    return {"typed": answer if isinstance(answer, str) else "", "limit": MAX_ESSAY}


KIND = Kind(
    name="essay",
    label=_l("Essay (graded by a trainer)"),
    keys=frozenset(),
    read=read,
    to_spec=to_spec,
    parse=parse,
    grade=grade,
    right_answer=lambda data: "",
    display=display,
    picks=lambda data, answer: [],
    describe_pick=lambda data, key: None,
    expected_picks=lambda data: [],
    gift_answers=lambda data: [],  # GIFT writes an essay as empty braces: {}
    gift_braces=("{", "}"),
    graded_by="trainer",
)
