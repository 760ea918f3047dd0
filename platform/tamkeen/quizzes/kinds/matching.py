"""Matching: pick, for each prompt, the match that fits it. Distractors fit no prompt.

Without JavaScript each prompt has a select element listing the matches, shuffled. Grading:
the fraction of prompts matched correctly. Two prompts may share a match. The answer maps
each pair's id to the chosen match's id.
"""

from collections.abc import Mapping
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l

from ..gift_syntax import escape
from .base import Checker, InvalidAnswer, Kind, clamp, text_id

PAIR_KEYS = {"prompt", "match"}
FIELD = "match-"


def read(spec: Mapping, checker: Checker) -> dict:
    pairs = []
    for item in checker.mappings(spec, "pairs", PAIR_KEYS, minimum=2):
        prompt = checker.text(item, "prompt", required=True)
        match = checker.text(item, "match", required=True)
        pairs.append({"id": text_id(prompt), "prompt": prompt, "match": match})
    checker.unique([pair["prompt"] for pair in pairs], spec.get("pairs"))
    distractors = spec.get("distractors") or []
    if not isinstance(distractors, list) or not all(isinstance(d, str) for d in distractors):
        checker.problem(
            checker.line_of(spec, "distractors"), _l("distractors must be a list of texts.")
        )
        distractors = []
    distractors = [d.strip() for d in distractors]
    matches = {pair["match"] for pair in pairs}
    checker.unique(distractors, spec.get("distractors"))
    for index, text in enumerate(distractors):
        if text in matches or not text:
            checker.problem(
                checker.line_of(spec.get("distractors"), index),
                _l("A distractor must differ from every match: %(text)s", text=text),
            )
    return {
        "pairs": [{**pair, "match_id": text_id(pair["match"])} for pair in pairs],
        "distractors": [{"id": text_id(text), "text": text} for text in distractors],
    }


def to_spec(data: dict) -> dict:
    spec: dict[str, Any] = {
        "pairs": [{"prompt": pair["prompt"], "match": pair["match"]} for pair in data["pairs"]]
    }
    if data["distractors"]:
        spec["distractors"] = [d["text"] for d in data["distractors"]]
    return spec


def options(data: dict) -> dict[str, str]:
    """Every match a trainee can choose, by id, each once."""
    found = {pair["match_id"]: pair["match"] for pair in data["pairs"]}
    found.update({d["id"]: d["text"] for d in data["distractors"]})
    return found


def parse(data: dict, form) -> dict[str, str]:
    known = options(data)
    answer = {}
    for pair in data["pairs"]:
        chosen = form.get(FIELD + pair["id"]) or None
        if chosen is not None and chosen not in known:
            raise InvalidAnswer(chosen)
        answer[pair["id"]] = chosen
    return answer


def grade(data: dict, answer: Any) -> float:
    answer = answer if isinstance(answer, dict) else {}
    right = sum(1 for pair in data["pairs"] if answer.get(pair["id"]) == pair["match_id"])
    return clamp(right / len(data["pairs"]))


def right_answer(data: dict) -> dict[str, str]:
    return {pair["id"]: pair["match_id"] for pair in data["pairs"]}


def display(data: dict, answer: Any, rng: Random, shuffle: bool) -> dict:
    answer = answer if isinstance(answer, dict) else {}
    choices = sorted(options(data).items())
    rng.shuffle(choices)  # always: the order of the matches must not give them away
    known = options(data)
    return {
        "options": [{"id": key, "text": text} for key, text in choices],
        "pairs": [
            {
                **pair,
                "field": FIELD + pair["id"],
                "chosen": answer.get(pair["id"]),
                "chosen_text": known.get(answer.get(pair["id"]) or ""),
                "correct": answer.get(pair["id"]) == pair["match_id"],
            }
            for pair in data["pairs"]
        ],
    }


def picks(data: dict, answer: Any) -> list[str]:
    answer = answer if isinstance(answer, dict) else {}
    known = options(data)
    return [
        f"{pair['id']}:{answer[pair['id']]}"
        for pair in data["pairs"]
        if answer.get(pair["id"]) in known
    ]


def describe_pick(data: dict, key: str) -> str | None:
    pair_id, _, match_id = key.partition(":")
    prompt = next((p["prompt"] for p in data["pairs"] if p["id"] == pair_id), None)
    match = options(data).get(match_id)
    return None if prompt is None or match is None else f"{prompt} → {match}"


def expected_picks(data: dict) -> list[str]:
    return [f"{pair['id']}:{pair['match_id']}" for pair in data["pairs"]]


def gift_answers(data: dict) -> list[str]:
    """The answers in GIFT, one line each, inside the question's braces."""
    lines = [f"={escape(p['prompt'])} -> {escape(p['match'])}" for p in data["pairs"]]
    return lines + [f"= -> {escape(d['text'])}" for d in data["distractors"]]


def printed(shown: dict) -> dict:
    """On paper: the prompts, lettered, and the options to write beside them."""
    return {
        "prompts": [pair["prompt"] for pair in shown["pairs"]],
        "choices": [option["text"] for option in shown["options"]],
        "lettered": True,
    }


KIND = Kind(
    name="matching",
    label=_l("Matching"),
    keys=frozenset({"pairs", "distractors"}),
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
