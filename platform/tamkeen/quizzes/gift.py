"""Moodle's GIFT question format, read into question specs (see spec.py) and written back.

Reading follows Moodle's own reader (question/format/gift/format.php): questions are
separated by blank lines, ``//`` starts a comment line, ``::name::``, ``{...}`` holds the
answers, ``####`` the general feedback, ``\\~ \\= \\# \\{ \\} \\: \\n`` escape, and a
``[markdown]``, ``[html]``, ``[plain]`` or ``[moodle]`` tag gives a text's format (texts
become Markdown). Ordering questions use the syntax of Moodle's ordering question type
(``{>3 ALL ...`` then one item per line). GIFT has no syntax for points: a comment line
``// points: 2`` in a question sets them, and Moodle ignores it.

Empty braces ``{}`` are an essay and a text without braces a description, as in Moodle.
A question GIFT can say but Tamkeen cannot represent (an image, a subset ordering) is
reported with its line and skipped; a question that breaks the format is an error.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from ..text import escape_markdown, html_to_markdown
from .kinds import Checker
from .spec import MAX_NAME, QuestionSpec, read_question

ESCAPES = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
# Escaped characters wait in the Unicode private use area while the structure is parsed.
_HOLD = {escape: chr(0xE000 + index) for index, escape in enumerate(ESCAPES)}
_BACKSLASH = chr(0xE0FF)
_RELEASE = {_HOLD[escape]: char for escape, char in ESCAPES.items()} | {_BACKSLASH: "\\"}
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\[(markdown|html|plain|moodle)\]")
_POINTS = re.compile(r"^//\s*points:\s*(\d+(?:\.\d+)?)\s*$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
ORDERING_OPTIONS = {
    "ALL", "EXACT", "RANDOM", "REL", "CONTIGUOUS", "CONTIG", "HORIZONTAL", "HORI", "H",
    "VERTICAL", "VERT", "V", "SHOW", "HIDE", "TRUE", "FALSE", "YES", "NO", "none", "123",
    "abc", "ABCD", "iii", "IIII", "ABSOLUTE_POSITION", "ABSOLUTE", "ABS",
}  # fmt: skip
SUBSET = {"RANDOM", "CONTIGUOUS", "CONTIG", "REL"}


class Skip(Exception):
    """A question Tamkeen cannot represent: reported, skipped."""


class Broken(Exception):
    """A question that breaks the GIFT format: an error, nothing is imported."""


@dataclass
class GiftResult:
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[tuple[int, Any]] = field(default_factory=list)
    skipped: list[tuple[int, Any]] = field(default_factory=list)
    renamed: list[tuple[int, str, str]] = field(default_factory=list)  # (line, name, new name)


def _hold(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for escape, held in _HOLD.items():
        text = text.replace(escape, held)
    return text


def _release(text: str) -> str:
    for held, char in _RELEASE.items():
        text = text.replace(held, char)
    return text


def _markdown(text: str, default: str = "moodle") -> tuple[str, str]:
    """(Markdown, format) for a GIFT text that may start with a format tag."""
    text = text.strip()
    tag = _FORMAT.match(text)
    fmt = tag.group(1) if tag else default
    text = _release(text[tag.end() :] if tag else text).strip()
    if fmt == "markdown":
        return text, fmt
    if fmt == "plain":
        return escape_markdown(text), fmt
    if fmt == "moodle":
        text = text.replace("\n", "<br>")
    markdown, images = html_to_markdown(text)
    if images:
        raise Skip(_l("It holds an image, which a GIFT file cannot bring with it."))
    return markdown, fmt


def _plain(text: str) -> str:
    """A text GIFT keeps as typed (a match, an accepted answer), without any format tag."""
    text = text.strip()
    tag = _FORMAT.match(text)
    return _release(text[tag.end() :] if tag else text).strip()


def _comment(answer: str, fmt: str, plain: bool = False) -> tuple[str, str]:
    text, _, feedback = answer.partition("#")
    body = _plain(text) if plain else _markdown(text, fmt)[0]
    return body, (_markdown(feedback, fmt)[0] if feedback.strip() else "")


def _weight(answer: str) -> tuple[float | None, str]:
    found = _WEIGHT.match(answer)
    if not found:
        return None, answer
    weight = float(found.group(1))
    return (int(weight) if weight.is_integer() else weight), answer[found.end() :]


def _number(text: str) -> int | float:
    text = text.strip()
    if not _NUMBER.match(text):
        raise Broken(_l("%(text)s is not a number.", text=text))
    value = float(text)
    return int(value) if value.is_integer() and re.fullmatch(r"[+-]?\d+", text) else value


def _split(answers: str, mark: str) -> list[str]:
    """The answers that ``mark`` starts, without the mark (text before the first one too)."""
    parts = [part.strip() for part in answers.split(mark)]
    return [part for part in parts if part]


def _choices(answers: str, fmt: str) -> dict:
    single = "=" in answers
    choices = []
    for part in _split(answers.replace("=", "~="), "~"):
        correct = part.startswith("=")
        weight, part = (100, part[1:].strip()) if correct else _weight(part)
        text, feedback = _comment(part, fmt)
        choice: dict[str, Any] = {"text": text}
        if single and correct:
            choice["correct"] = True
        elif weight or not single:
            choice["weight"] = weight or 0
        if feedback:
            choice["feedback"] = feedback
        choices.append(choice)
    return {"kind": "single_choice" if single else "multiple_response", "choices": choices}


def _matching(answers: str, fmt: str) -> dict:
    pairs, distractors = [], []
    for part in _split(answers, "="):
        left, arrow, right = part.partition("->")
        if not arrow:
            raise Broken(_l("Each matching pair is written =prompt -> match."))
        if left.strip():
            pairs.append({"prompt": _markdown(left, fmt)[0], "match": _plain(right)})
        else:
            distractors.append(_plain(right))
    spec: dict[str, Any] = {"kind": "matching", "pairs": pairs}
    if distractors:
        spec["distractors"] = distractors
    return spec


def _true_false(answers: str, fmt: str) -> dict:
    value, *feedbacks = answers.split("#", 2)
    wrong, right = [(_markdown(f, fmt)[0] if f.strip() else "") for f in feedbacks + ["", ""]][:2]
    answer = value.strip() in ("T", "TRUE")
    spec: dict[str, Any] = {"kind": "true_false", "answer": answer}
    for side, text in (("true", right if answer else wrong), ("false", wrong if answer else right)):
        if text:
            spec[f"feedback_{side}"] = text
    return spec


def _short_answer(answers: str, fmt: str) -> dict:
    accepted = []
    for part in _split(answers, "="):
        weight, part = _weight(part)
        text, feedback = _comment(part, fmt, plain=True)
        item: dict[str, Any] = {"text": text}
        if weight is not None and (weight != 100 or text == "*"):
            item["weight"] = weight
        if feedback:
            item["feedback"] = feedback
        accepted.append(item)
    return {"kind": "short_answer", "answers": accepted}


def _numeric_answer(part: str, fmt: str) -> dict:
    weight, part = _weight(part)
    text, feedback = _comment(part, fmt, plain=True)
    if ".." in text:
        low, high = text.split("..", 1)
        item: dict[str, Any] = {"min": _number(low), "max": _number(high)}
    elif ":" in text:
        value, tolerance = text.split(":", 1)
        item = {"value": _number(value), "tolerance": _number(tolerance)}
    else:
        item = {"value": _number(text)}
    if weight is not None and weight != 100:
        item["weight"] = weight
    if feedback:
        item["feedback"] = feedback
    return item


def _numeric(answers: str, fmt: str) -> dict:
    answers, _, otherwise = answers[1:].partition("~")
    items = [_numeric_answer(part, fmt) for part in _split(answers, "=")]
    if not items:
        raise Broken(_l("A numerical question needs at least one answer."))
    if otherwise.strip():
        feedback = _comment(otherwise, fmt)[1]
        items.append({"value": "*", **({"feedback": feedback} if feedback else {})})
    return {"kind": "numeric", "answers": items}


def _ordering(answers: str, fmt: str) -> dict:
    first, _, rest = answers[1:].partition("\n")
    tokens = first.split()
    if not tokens or not tokens[0].isdigit():
        raise Broken(_l("An ordering question starts with > and the number of items."))
    count, options = int(tokens[0]), []
    while len(tokens) > 1 and tokens[1] in ORDERING_OPTIONS | {"RELATIVE_TO_CORRECT"}:
        options.append(tokens.pop(1))
    lines = [" ".join(tokens[1:])] + rest.split("\n")
    items = [_markdown(line, fmt)[0] for line in lines if line.strip()]
    if count < len(items) and SUBSET & set(options):
        raise Skip(_l("It shows only some of its items, which Tamkeen does not do."))
    if any(option.startswith("REL") and option != "REL" for option in options):
        raise Skip(_l("It grades by relative position; Tamkeen grades by absolute position."))
    return {"kind": "ordering", "items": items}


def _answers_spec(answers: str, fmt: str) -> dict:
    if not answers:
        return {"kind": "essay"}
    if answers.startswith(">"):
        return _ordering(answers, fmt)
    if answers.startswith("#"):
        return _numeric(answers, fmt)
    if "~" in answers:
        return _choices(answers, fmt)
    if "=" in answers and "->" in answers:
        return _matching(answers, fmt)
    if answers.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        return _true_false(answers, fmt)
    return _short_answer(answers, fmt)


def _question(text: str) -> dict | None:
    """The question spec of one block of GIFT (escapes held), or None for a category."""
    if text.startswith("$CATEGORY:"):
        return None
    name = ""
    if text.startswith("::") and "::" in text[2:]:
        name, text = text[2:].split("::", 1)
        name, text = _release(name).strip(), text.strip()
    start, end = text.find("{"), text.find("}")
    if start < 0 and end < 0:
        return {"name": name, "prompt": _markdown(text)[0], "kind": "description"}
    if start < 0 or end < start:
        raise Broken(_l("A question needs its answers between { and }."))
    answers = text[start + 1 : end].strip()
    blank = "" if text.endswith("}") else "_____"
    prompt = text[:start] + blank + text[end + 1 :]
    general = ""
    if "####" in answers:
        answers, general = answers.rsplit("####", 1)
        answers = answers.strip()
    prompt, fmt = _markdown(prompt)
    spec = {"name": name, "prompt": prompt, **_answers_spec(answers, fmt)}
    if general.strip():
        spec["feedback"] = _markdown(general, fmt)[0]
    return spec


def _blocks(source: str) -> list[tuple[int, list[str]]]:
    """The questions' lines, each block with the number of its first line."""
    blocks, current, first = [], [], 0
    for number, line in enumerate(source.splitlines() + [""], start=1):
        if line.strip():
            current.append(line)
            if not first and not line.strip().startswith("//"):
                first = number
        elif current:
            blocks.append((first or number - len(current), current))
            current, first = [], 0
    return blocks


def _points(lines: list[str]) -> float | None:
    for line in lines:
        found = _POINTS.match(line.strip())
        if found:
            points = float(found.group(1))
            return int(points) if points.is_integer() else points
    return None


def parse_gift(source: str, *, unique_names: bool = True) -> GiftResult:
    """Every question of a GIFT file; errors and skipped questions, each with its line.

    With ``unique_names``, a name used again is numbered ("name (2)") and reported in
    ``renamed``; without it (course packages, whose checks refuse two questions of one name)
    names stay as written.
    """
    result = GiftResult()
    for line, lines in _blocks(source.lstrip("\ufeff")):
        text = "\n".join(ln for ln in lines if not ln.strip().startswith("//")).strip()
        if not text:
            continue
        try:
            spec = _question(_hold(text))
        except Skip as reason:
            result.skipped.append((line, reason.args[0]))
            continue
        except Broken as reason:
            result.errors.append((line, reason.args[0]))
            continue
        if spec is None:
            continue
        if (points := _points(lines)) is not None and spec["kind"] != "description":
            spec["points"] = points
        checker = Checker(lambda at, message: result.errors.append((at, message)), line)
        question = read_question(spec, checker)
        if question is not None and checker.ok:
            result.questions.append(question)
    if unique_names:
        _unique_names(result)
    return result


def _unique_names(result: GiftResult) -> None:
    """Moodle allows two questions of one name, a quiz does not: later ones become "name (2)"."""
    taken = {question.name for question in result.questions}
    seen: set[str] = set()
    for question in result.questions:
        if not question.name:
            continue
        if question.name in seen:
            number = 2
            while (new := _numbered(question.name, number)) in taken:
                number += 1
            result.renamed.append((question.line, question.name, new))
            question.name = new
            taken.add(new)
        seen.add(question.name)


def _numbered(name: str, number: int) -> str:
    suffix = f" ({number})"
    return name[: MAX_NAME - len(suffix)].rstrip() + suffix
