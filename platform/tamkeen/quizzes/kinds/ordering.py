"""Ordering: put the items in the right order. Trainees see them shuffled.

Without JavaScript each item has a select element for its position; with it, buttons also
move items up and down. Grading: the fraction of items in their correct place. The answer
maps each item's id to the position chosen (1 = first).
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from ..gift_syntax import escape
from .base import AnswerError, Checker, InvalidAnswer, Kind, clamp, text_id

FIELD = "position-"


def read(spec: Mapping, checker: Checker) -> dict:
    items = spec.get("items")
    if not isinstance(items, list) or len(items) < 2:
        checker.problem(
            checker.line_of(spec, "items"),
            _l("%(key)s must be a list of at least %(n)d.", key=checker.label("items"), n=2),
        )
        return {"items": []}
    texts = []
    for index, item in enumerate(items):
        if not isinstance(item, str | int | float) or isinstance(item, bool) or not str(item):
            checker.problem(checker.line_of(items, index), _l("Each item must be a text."))
            continue
        texts.append(str(item).strip())
    checker.unique(texts, items)
    return {"items": [{"id": text_id(text), "text": text} for text in texts]}


def to_spec(data: dict) -> dict:
    return {"items": [item["text"] for item in data["items"]]}


def parse(data: dict, form) -> dict[str, int | None]:
    count = len(data["items"])
    answer: dict[str, int | None] = {}
    for item in data["items"]:
        raw = form.get(FIELD + item["id"]) or None
        if raw is not None and (not raw.isdigit() or not 1 <= int(raw) <= count):
            raise InvalidAnswer(raw)
        answer[item["id"]] = int(raw) if raw is not None else None
    chosen = [place for place in answer.values() if place is not None]
    if len(chosen) != len(set(chosen)):
        # Without JavaScript nothing stops two items from taking one place: 1, 1, 3.
        raise AnswerError(
            _l("Each position can be given to one item only: give each item a different position.")
        )
    return answer


def grade(data: dict, answer: Any) -> float:
    answer = answer if isinstance(answer, dict) else {}
    items = data["items"]
    right = sum(1 for place, item in enumerate(items, start=1) if answer.get(item["id"]) == place)
    return clamp(right / len(items))


def right_answer(data: dict) -> dict[str, int]:
    return {item["id"]: place for place, item in enumerate(data["items"], start=1)}


def shown_order(data: dict, rng: Random) -> list[dict]:
    """The items as first shown: shuffled, and never already in the right order."""
    items = list(data["items"])
    order = list(items)
    rng.shuffle(order)
    if order == items and len(items) > 1:
        order = order[1:] + order[:1]
    return order


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    answer = answer if isinstance(answer, dict) else {}
    shown = shown_order(data, rng)
    # Once positions are chosen, show the items in the order the trainee gave them.
    chosen = {item["id"]: answer.get(item["id"]) for item in shown}
    if all(chosen.values()):
        shown = sorted(shown, key=lambda item: chosen[item["id"]])
    correct = right_answer(data)
    return {
        "positions": list(range(1, len(shown) + 1)),
        "items": [
            {
                **item,
                "field": FIELD + item["id"],
                "chosen": chosen[item["id"]],
                "place": correct[item["id"]],
                "correct": chosen[item["id"]] == correct[item["id"]],
            }
            for item in shown
        ],
    }


def picks(data: dict, answer: Any) -> list[str]:
    answer = answer if isinstance(answer, dict) else {}
    return [
        f"{item['id']}:{answer[item['id']]}" for item in data["items"] if answer.get(item["id"])
    ]


def describe_pick(data: dict, key: str) -> str | None:
    item_id, _, place = key.partition(":")
    text = next((item["text"] for item in data["items"] if item["id"] == item_id), None)
    return None if text is None else f"{place}. {text}"


def expected_picks(data: dict) -> list[str]:
    return [f"{item['id']}:{place}" for place, item in enumerate(data["items"], start=1)]


def gift_answers(data: dict) -> list[str]:
    """The answers in GIFT, one line each, inside the question's braces."""
    count = len(data["items"])
    return [f">{count} ALL VERTICAL ABSOLUTE_POSITION"] + [escape(i["text"]) for i in data["items"]]


def printed(shown: dict) -> dict:
    """On paper: the items, shuffled so that they are never in the right order."""
    return {"prompts": [item["text"] for item in shown["items"]]}


KIND = Kind(
    name="ordering",
    label=_l("Ordering"),
    keys=frozenset({"items"}),
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
)
