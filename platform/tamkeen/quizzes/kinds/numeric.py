"""Numeric: the trainee types a number; accepted as a value ± a tolerance, or a range.

Answers are tried in the order written; the first that contains the number gives its
weight. ``value: "*"`` catches every other number (for its feedback; worth 0 unless it sets a
weight), as in Moodle. A
typed number may use Arabic-Indic digits and a decimal comma. The answer is the text as
typed; text that is not a number is refused with a message and not saved.
"""

import math
import re
from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from ..gift_syntax import escape, feedback, number
from .base import MAX_ANSWER, AnswerError, Checker, InvalidAnswer, Kind, clamp, weight_of
from .short_answer import normalize

ANSWER_KEYS = {"value", "tolerance", "min", "max", "weight", "feedback"}
ANY = "*"
OTHER = "other"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | None:
    """The number a person typed, or None: "1,5", "١٫٥" and " 1.5 " all give 1.5."""
    text = normalize(text).replace("\u066b", ".").replace("\u066c", "").replace(" ", "")
    text = text.replace("\u2212", "-")
    if "," in text:
        text = text.replace(",", "") if "." in text else text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def answer_id(answer: dict) -> str:
    if answer.get("value") == ANY:
        return "any"
    if "min" in answer:
        return f"{answer['min']}..{answer['max']}"
    return f"{answer['value']}:{answer.get('tolerance', 0)}"


def _bounds(item: Mapping, checker: Checker) -> dict | None:
    if "min" in item or "max" in item:
        low, high = checker.number(item, "min"), checker.number(item, "max")
        if low is None or high is None or "value" in item or low > high:
            checker.problem(
                checker.line_of(item), _l("Give either value (and tolerance) or min ≤ max.")
            )
            return None
        return {"min": low, "max": high}
    if item.get("value") == ANY:
        return {"value": ANY}
    value = checker.number(item, "value")
    if value is None:
        checker.problem(
            checker.line_of(item), _l("Give either value (and tolerance) or min ≤ max.")
        )
        return None
    return {"value": value, "tolerance": checker.number(item, "tolerance", default=0, low=0)}


def read(spec: Mapping, checker: Checker) -> dict:
    answers = []
    for item in checker.mappings(spec, "answers", ANSWER_KEYS, minimum=1):
        bounds = _bounds(item, checker)
        if bounds is None:
            continue
        weight = weight_of(checker, item, 0 if bounds.get("value") == ANY else 100)
        if weight < 0:
            checker.problem(checker.line_of(item, "weight"), _l("weight must be from 0 to 100."))
        answer = {**bounds, "weight": weight, "feedback": checker.text(item, "feedback")}
        answers.append({"id": answer_id(answer), **answer})
    for answer in answers[:-1]:
        if answer.get("value") == ANY:
            checker.problem(
                checker.line_of(spec, "answers"), _l('value "*" must be the last answer.')
            )
    if answers and answers[-1].get("value") == ANY and answers[-1]["weight"] != 0:
        checker.problem(checker.line_of(spec, "answers"), _l('value "*" is worth 0.'))
    if checker.ok and not any(a["weight"] == 100 and a.get("value") != ANY for a in answers):
        checker.problem(
            checker.line_of(spec, "answers"), _l("At least one answer must be worth 100.")
        )
    return {"answers": answers}


def to_spec(data: dict) -> dict:
    answers = []
    for answer in data["answers"]:
        item = {key: answer[key] for key in ("value", "tolerance", "min", "max") if key in answer}
        if item.get("tolerance") == 0:
            del item["tolerance"]
        if answer["weight"] != (0 if answer.get("value") == ANY else 100):
            item["weight"] = answer["weight"]
        if answer["feedback"]:
            item["feedback"] = answer["feedback"]
        answers.append(item)
    return {"answers": answers}


def parse(data: dict, form) -> str:
    value = (form.get("answer") or "").strip()
    if len(value) > MAX_ANSWER:
        raise InvalidAnswer("too long")
    if value and parse_number(value) is None:
        raise AnswerError(_l("Enter a number, such as 12 or 3.5."))
    return value


def contains(answer: dict, number: float) -> bool:
    if answer.get("value") == ANY:
        return True
    if "min" in answer:
        low, high = answer["min"], answer["max"]
    else:
        low = answer["value"] - answer["tolerance"]
        high = answer["value"] + answer["tolerance"]
    slack = 1e-9 * max(1.0, abs(low), abs(high))  # 3.1415 ± 0.0005 must contain 3.141
    return low - slack <= number <= high + slack


def matched(data: dict, answer: Any) -> dict | None:
    number = parse_number(answer) if isinstance(answer, str) else None
    if number is None:
        return None
    return next((a for a in data["answers"] if contains(a, number)), None)


def grade(data: dict, answer: Any) -> float:
    accepted = matched(data, answer)
    return clamp(accepted["weight"] / 100) if accepted else 0.0


def right_answer(data: dict) -> str:
    """A number worth all the points (an earlier answer may catch part of a full one)."""
    candidates = []
    for answer in data["answers"]:
        if answer["weight"] == 100 and answer.get("value") != ANY:
            if "min" in answer:
                low, high = answer["min"], answer["max"]
                candidates += [low, high, (low + high) / 2]
            else:
                tolerance = answer["tolerance"]
                candidates += [
                    answer["value"],
                    answer["value"] - tolerance,
                    answer["value"] + tolerance,
                ]
    texts = [repr(c) if isinstance(c, float) else str(c) for c in candidates] or [""]
    return next((text for text in texts if grade(data, text) == 1), texts[0])


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    accepted = [a for a in data["answers"] if a["weight"] == 100 and a.get("value") != ANY]
    return {"typed": answer or "", "matched": matched(data, answer), "accepted": accepted}


def picks(data: dict, answer: Any) -> list[str]:
    if not isinstance(answer, str) or not answer.strip():
        return []
    accepted = matched(data, answer)
    return [accepted["id"] if accepted and accepted.get("value") != ANY else OTHER]


def describe_pick(data: dict, key: str) -> str | None:
    if key == OTHER:
        return str(_l("Another answer"))
    for answer in data["answers"]:
        if answer["id"] == key:
            if "min" in answer:
                return f"{answer['min']} – {answer['max']}"
            tolerance = answer["tolerance"]
            return f"{answer['value']} ± {tolerance}" if tolerance else str(answer["value"])
    return None


def expected_picks(data: dict) -> list[str]:
    return [a["id"] for a in data["answers"] if a.get("value") != ANY] + [OTHER]


def gift_answers(data: dict) -> list[str]:
    """The answers in GIFT, one line each, inside the question's braces."""
    lines, otherwise = ["#"], []
    for answer in data["answers"]:
        if answer.get("value") == ANY:
            otherwise.append(
                "~" + (f"#{escape(answer['feedback'])}" if answer["feedback"] else "#")
            )
            continue
        if "min" in answer:
            bounds = f"{number(answer['min'])}..{number(answer['max'])}"
        else:
            bounds = f"{number(answer['value'])}:{number(answer['tolerance'])}"
        weight = f"%{number(answer['weight'])}%"
        lines.append(f"={weight}{bounds}" + feedback(answer["feedback"]))
    return lines + otherwise


KIND = Kind(
    name="numeric",
    label=_l("Numeric"),
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
    gift_braces=("{", "\n}"),
)
