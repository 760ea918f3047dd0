"""Description: text between questions (an introduction, a case to read), as in Moodle.

It takes no answer, has no points, and counts in no total: submitting, scores, statistics
and completion pass it by. GIFT writes it as a question without braces.
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from .base import Checker, InvalidAnswer, Kind


def read(spec: Mapping, checker: Checker) -> dict:
    return {}


def parse(data: dict, form) -> None:
    if form.get("answer"):
        raise InvalidAnswer("a description takes no answer")
    return None


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    return {}


KIND = Kind(
    name="description",
    label=_l("Description (text between questions)"),
    keys=frozenset(),
    read=read,
    to_spec=lambda data: {},
    parse=parse,
    grade=lambda data, answer: 0.0,
    right_answer=lambda data: None,
    display=display,
    picks=lambda data, answer: [],
    describe_pick=lambda data, key: None,
    expected_picks=lambda data: [],
    gift_answers=lambda data: [],
    gift_braces=("", ""),
    printed=lambda shown: {"is_text": True},  # on paper: the text, unnumbered, no lines
    graded_by="none",
)
