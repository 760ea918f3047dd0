"""Questions written as GIFT (see gift.py): what ``parse_gift`` reads back as the same questions.

Texts are Markdown, so each question says ``[markdown]``; weights are written in full so
that nothing is rounded away; points other than 1 go in a ``// points:`` comment.
"""

from collections.abc import Iterable
from typing import Any

from .kinds.numeric import ANY

_RESERVED = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:",
     "\n": "\\n", "\r": ""}
)  # fmt: skip


def escape(text: str) -> str:
    return text.translate(_RESERVED)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _feedback(text: str) -> str:
    return f"#{escape(text)}" if text else ""


def _single(data: dict) -> list[str]:
    lines = []
    for choice in data["choices"]:
        weight = choice["weight"]
        mark = "=" if weight == 100 else ("~" if weight == 0 else f"~%{_number(weight)}%")
        if mark == "~" and choice["text"].startswith("%"):
            mark = "~%0%"
        lines.append(mark + escape(choice["text"]) + _feedback(choice["feedback"]))
    return lines


def _multiple(data: dict) -> list[str]:
    return [
        f"~%{_number(choice['weight'])}%" + escape(choice["text"]) + _feedback(choice["feedback"])
        for choice in data["choices"]
    ]


def _true_false(data: dict) -> list[str]:
    right = data["feedback_true" if data["answer"] else "feedback_false"]
    wrong = data["feedback_false" if data["answer"] else "feedback_true"]
    text = "TRUE" if data["answer"] else "FALSE"
    if wrong or right:
        text += "#" + escape(wrong)
    if right:
        text += "#" + escape(right)
    return [text]


def _short_answer(data: dict) -> list[str]:
    return [
        f"=%{_number(a['weight'])}%" + escape(a["text"]) + _feedback(a["feedback"])
        for a in data["answers"]
    ]


def _numeric(data: dict) -> list[str]:
    lines, otherwise = ["#"], []
    for answer in data["answers"]:
        if answer.get("value") == ANY:
            otherwise.append(
                "~" + (f"#{escape(answer['feedback'])}" if answer["feedback"] else "#")
            )
            continue
        if "min" in answer:
            bounds = f"{_number(answer['min'])}..{_number(answer['max'])}"
        else:
            bounds = f"{_number(answer['value'])}:{_number(answer['tolerance'])}"
        weight = f"%{_number(answer['weight'])}%"
        lines.append(f"={weight}{bounds}" + _feedback(answer["feedback"]))
    return lines + otherwise


def _matching(data: dict) -> list[str]:
    lines = [f"={escape(p['prompt'])} -> {escape(p['match'])}" for p in data["pairs"]]
    return lines + [f"= -> {escape(d['text'])}" for d in data["distractors"]]


def _ordering(data: dict) -> list[str]:
    count = len(data["items"])
    return [f">{count} ALL VERTICAL ABSOLUTE_POSITION"] + [escape(i["text"]) for i in data["items"]]


WRITERS = {
    "single_choice": _single,
    "multiple_response": _multiple,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
}


def export_question(question: Any) -> str:
    """One question (anything with kind, name, prompt, data, points, feedback) as GIFT."""
    head = []
    if question.points != 1:
        head.append(f"// points: {_number(question.points)}")
    name = f"::{escape(question.name)}::" if question.name else ""
    lines = WRITERS[question.kind](question.data)
    if question.feedback:
        lines.append("####" + escape(question.feedback))
    body = "\n\t".join(lines)
    opening = "{" if question.kind in ("true_false", "numeric") else "{\n\t"
    closing = "}" if question.kind == "true_false" else "\n}"
    return "\n".join(head + [f"{name}[markdown]{escape(question.prompt)}{opening}{body}{closing}"])


def export_gift(questions: Iterable[Any]) -> str:
    return "\n\n".join(export_question(question) for question in questions) + "\n"
