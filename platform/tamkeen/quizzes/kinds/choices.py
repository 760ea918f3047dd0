"""What single choice and multiple response share: a list of choices, each with a weight.

A choice's weight is the percentage of the points it is worth when picked (from -100 to
100). Stored data: ``{"choices": [{"id", "text", "weight", "feedback"}], "weighted"}``,
where ``weighted`` says whether the author gave the weights or left them to the defaults.
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from .base import Checker, shuffled, text_id, weight_of

CHOICE_KEYS = {"text", "correct", "weight", "feedback"}


def read_choices(spec: Mapping, checker: Checker) -> list[dict]:
    """The choices as written: text, feedback, ``correct`` and the weight if one is given."""
    items = checker.mappings(spec, "choices", CHOICE_KEYS, minimum=2)
    choices = []
    for item in items:
        text = checker.text(item, "text", required=True)
        choices.append(
            {
                "id": text_id(text),
                "text": text,
                "correct": checker.boolean(item, "correct"),
                "weight": weight_of(checker, item, None) if "weight" in item else None,
                "feedback": checker.text(item, "feedback"),
                "line": checker.line_of(item),
            }
        )
    checker.unique([choice["text"] for choice in choices], spec.get("choices"))
    for choice in choices:
        weight = choice["weight"]
        if choice["correct"] and weight is not None and weight <= 0:
            checker.problem(
                choice["line"], _l("A correct choice cannot have a weight of 0 or less.")
            )
    return choices


def stored(choices: list[dict], weights: list[float], weighted: bool) -> dict:
    return {
        "choices": [
            {"id": c["id"], "text": c["text"], "weight": w, "feedback": c["feedback"]}
            for c, w in zip(choices, weights, strict=True)
        ],
        "weighted": weighted,
    }


def to_spec(data: dict) -> dict:
    choices = []
    for choice in data["choices"]:
        item: dict[str, Any] = {"text": choice["text"]}
        if not data["weighted"] and choice["weight"] > 0:
            item["correct"] = True
        elif data["weighted"] and choice["weight"] != 0:
            item["weight"] = choice["weight"]
        if choice["feedback"]:
            item["feedback"] = choice["feedback"]
        choices.append(item)
    return {"choices": choices}


def choice_ids(data: dict) -> set[str]:
    return {choice["id"] for choice in data["choices"]}


def display(data: dict, picked: set[str], rng: Random, shuffle: bool) -> dict:
    return {
        "choices": [
            {**choice, "picked": choice["id"] in picked, "correct": choice["weight"] > 0}
            for choice in shuffled(data["choices"], rng, shuffle)
        ]
    }


def describe_pick(data: dict, key: str) -> str | None:
    for choice in data["choices"]:
        if choice["id"] == key:
            return choice["text"]
    return None


def expected_picks(data: dict) -> list[str]:
    return [choice["id"] for choice in data["choices"]]
