"""Short answer: the trainee types a word or a number; several answers may be accepted.

Comparison ignores case, surrounding and repeated spaces, and in Arabic the diacritics
(tashkeel), the tatweel and the usual spelling variants (أ إ آ ٱ → ا, ة → ه, ى → ي);
Arabic-Indic digits count as digits. ``*`` in an accepted answer stands for any text
(``\\*`` for a star), so ``*`` alone catches every other answer (worth 0 unless it sets a
weight), as in Moodle. The first
accepted answer that matches, in the order written, gives its weight. The answer is the
text as typed.
"""

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from ..gift_syntax import escape, feedback, number
from .base import MAX_ANSWER, Checker, InvalidAnswer, Kind, clamp, text_id, weight_of

ANSWER_KEYS = {"text", "weight", "feedback"}
OTHER = "other"

_TASHKEEL = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # marks and tatweel
_LETTERS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)  # fmt: skip


def normalize(text: str) -> str:
    """``text`` as compared: the forms a trainee may type for the same word become one."""
    text = unicodedata.normalize("NFKC", text)
    text = _TASHKEEL.sub("", text).translate(_LETTERS)
    return " ".join(text.casefold().split())


@lru_cache(maxsize=4096)
def wildcard_parts(accepted: str) -> tuple[str, ...]:
    """The accepted answer, normalised, as the texts between its wildcards: ``a*b\\*c``
    is ("a", "b*c"); an answer without a wildcard is one part."""
    parts, current = [], []
    for piece in re.split(r"(\\\*|\*)", normalize(accepted)):
        if piece == "*":
            parts.append("".join(current))
            current = []
        else:
            current.append("*" if piece == "\\*" else piece)
    parts.append("".join(current))
    return tuple(parts)


def wildcard_match(parts: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` is the parts in order with anything between them.

    The first part must start the text and the last end it; each part between is taken
    where it first occurs after the previous one. Taking the first occurrence never loses
    a match, so nothing is tried twice: every typed character is looked at about once
    (a backtracking regular expression took seconds for ``*a*a*a*a*a*b``).
    """
    if len(parts) == 1:
        return text == parts[0]
    first, *middle, last = parts
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    position = len(first)
    for part in middle:
        found = text.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


def matches(accepted: str, typed: str) -> bool:
    return wildcard_match(wildcard_parts(accepted), normalize(typed))


def read(spec: Mapping, checker: Checker) -> dict:
    answers = []
    for item in checker.mappings(spec, "answers", ANSWER_KEYS, minimum=1):
        text = checker.text(item, "text", required=True)
        answers.append(
            {
                "id": text_id(text),
                "text": text,
                "weight": weight_of(checker, item, 0 if text == "*" else 100),
                "feedback": checker.text(item, "feedback"),
            }
        )
        if answers[-1]["weight"] < 0:
            checker.problem(checker.line_of(item, "weight"), _l("weight must be from 0 to 100."))
    checker.unique([answer["text"] for answer in answers], spec.get("answers"))
    if answers and not any(answer["weight"] == 100 for answer in answers):
        checker.problem(
            checker.line_of(spec, "answers"), _l("At least one answer must be worth 100.")
        )
    return {"answers": answers}


def to_spec(data: dict) -> dict:
    answers = []
    for answer in data["answers"]:
        item: dict[str, Any] = {"text": answer["text"]}
        if answer["weight"] != (0 if answer["text"] == "*" else 100):
            item["weight"] = answer["weight"]
        if answer["feedback"]:
            item["feedback"] = answer["feedback"]
        answers.append(item)
    return {"answers": answers}


def parse(data: dict, form) -> str:
    value = (form.get("answer") or "").strip()
    if len(value) > MAX_ANSWER:
        raise InvalidAnswer("too long")
    return value


def matched(data: dict, answer: Any) -> dict | None:
    if not isinstance(answer, str) or not answer.strip():
        return None
    for accepted in data["answers"]:
        if matches(accepted["text"], answer):
            return accepted
    return None


def grade(data: dict, answer: Any) -> float:
    accepted = matched(data, answer)
    return clamp(accepted["weight"] / 100) if accepted else 0.0


def _example(accepted: str) -> str:
    """A text the accepted answer matches: its wildcards match nothing, ``\\*`` a star."""
    parts = re.split(r"(\\\*|\*)", accepted)
    return "".join("" if part == "*" else "*" if part == "\\*" else part for part in parts)


def right_answer(data: dict) -> str:
    """An answer worth all the points (the first full answer an earlier one does not catch)."""
    full = [_example(a["text"]) for a in data["answers"] if a["weight"] == 100] or [""]
    return next((text for text in full if grade(data, text) == 1), full[0])


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    return {
        "typed": answer or "",
        "matched": matched(data, answer),
        "accepted": [a for a in data["answers"] if a["weight"] == 100 and a["text"] != "*"],
    }


def picks(data: dict, answer: Any) -> list[str]:
    if not isinstance(answer, str) or not answer.strip():
        return []
    accepted = matched(data, answer)
    return [accepted["id"] if accepted else OTHER]


def describe_pick(data: dict, key: str) -> str | None:
    if key == OTHER:
        return str(_l("Another answer"))
    return next((a["text"] for a in data["answers"] if a["id"] == key), None)


def expected_picks(data: dict) -> list[str]:
    return [answer["id"] for answer in data["answers"]] + [OTHER]


def gift_answers(data: dict) -> list[str]:
    """The answers in GIFT, one line each, inside the question's braces."""
    return [
        f"=%{number(a['weight'])}%" + escape(a["text"]) + feedback(a["feedback"])
        for a in data["answers"]
    ]


KIND = Kind(
    name="short_answer",
    label=_l("Short answer"),
    keys=frozenset({"answers"}),
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
)
