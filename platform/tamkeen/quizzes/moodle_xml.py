"""Moodle's XML question format, read into question specs (see spec.py), as gift.py does.

Reading follows Moodle's own reader (question/format/xml/format.php) and the ordering
question type's (question/type/ordering/questiontype.php); ``vendor/moodle-xml/`` has a
sample of each kind and a summary of the format. The file is parsed only by
``tamkeen.interop.xmlsafe`` (no network, no entities, no DTD): a DOCTYPE refuses the file.

A refused file (not UTF-8, another declared encoding, not well-formed, not a ``<quiz>``, no
question) raises ``Refused`` and nothing is read. Inside a good file, each question Tamkeen
cannot represent is skipped with one report line (its name and why), and each question
imported with something left out (an image, hints, units, case-sensitive answers...) gets a
note. Categories are not questions: they give no line.

Texts become Markdown: HTML (``html``, ``moodle_auto_format``) goes through the converter
the GIFT import uses (``tamkeen.text.html_to_markdown``: scripts, styles, attributes and
links other than http(s)/mailto are dropped), ``plain_text`` is escaped, ``markdown`` is
kept (it is sanitised when shown, as every question text is).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from lxml import etree

from ..interop.xmlsafe import UnsafeXML, parse
from ..text import escape_markdown, html_to_markdown
from .gift import _unique_names
from .kinds import KINDS, Checker
from .spec import MAX_NAME, QuestionSpec, read_question

_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_UTF8 = {"utf-8", "utf8"}
# What Moodle writes when the author left the overall feedback alone.
_DEFAULT_FEEDBACK = {
    "",
    "Your answer is correct.",
    "Your answer is partially correct.",
    "Your answer is incorrect.",
}
# Moodle's kinds that Tamkeen gets from another part of issue 22: mapped when registered.
LATER_KINDS = ("essay", "description")


class Refused(Exception):
    """The file cannot be read at all: nothing is imported. ``args[0]`` says why."""


class Skip(Exception):
    """A question Tamkeen cannot represent: reported, skipped."""


@dataclass
class MoodleXmlResult:
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[tuple[int, Any]] = field(default_factory=list)  # none: bad files are refused
    skipped: list[tuple[int, Any]] = field(default_factory=list)
    notes: list[tuple[int, Any]] = field(default_factory=list)  # imported, something left out
    renamed: list[tuple[int, str, str]] = field(default_factory=list)


def read_document(data: bytes) -> etree._Element:
    """The ``<quiz>`` element of a Moodle XML file, or ``Refused`` with a sentence."""
    if not data.strip().lstrip(b"\xef\xbb\xbf").strip():
        raise Refused(_l("The file is empty."))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(_l("This file is not UTF-8 text. Save it as UTF-8 and try again.")) from None
    declared = _DECLARED.match(data.lstrip(b"\xef\xbb\xbf"))
    if declared and declared.group(1).decode().lower() not in _UTF8:
        raise Refused(
            _l(
                "The file says its encoding is %(encoding)s; Tamkeen reads UTF-8 only. Export"
                " it again from Moodle, which writes UTF-8.",
                encoding=declared.group(1).decode(),
            )
        )
    if _DOCTYPE.search(data):
        raise Refused(
            _l(
                "The file has a DOCTYPE declaration, which Moodle never writes and which can"
                " hide harmful content: it is not read."
            )
        )
    try:
        root = parse(data)
    except UnsafeXML as error:
        line = getattr(error.__cause__, "lineno", None) or 0
        raise Refused(_l("This is not well-formed XML (line %(line)d).", line=line)) from None
    if root.tag != "quiz":
        raise Refused(
            _l(
                "This is not a Moodle XML question file: it starts with <%(tag)s>, not <quiz>.",
                tag=str(root.tag)[:40],
            )
        )
    if not any(q.get("type") != "category" for q in root.iterchildren("question")):
        raise Refused(_l("The file holds no questions."))
    return root


def _text(parent: etree._Element | None, path: str = "text") -> str:
    """The text of ``parent``'s ``path`` child, as written (empty when absent)."""
    element = parent.find(path) if parent is not None else None
    return (element.text or "") if element is not None else ""


def _flag(question: etree._Element, tag: str) -> bool:
    return _text(question, tag).strip().lower() in ("1", "true", "yes")


def _number(text: str) -> int | float:
    value = float(text.strip())
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(value) if value.is_integer() else round(value, 5)


class _Reader:
    """One question's texts, as Markdown, with what was left out (``notes``)."""

    def __init__(self, question: etree._Element):
        self.question = question
        self.notes: list[Any] = []
        self.images = 0

    def rich(self, element: etree._Element | None) -> str:
        """Markdown for an element holding ``<text>`` in the format its attribute says."""
        raw = _text(element).strip()
        if element is None or not raw:
            return ""
        fmt = element.get("format", "html")
        if fmt == "markdown":
            return raw
        if fmt == "plain_text":
            return escape_markdown(raw)
        if fmt == "moodle_auto_format":
            raw = raw.replace("\n", "<br>")
        markdown, images = html_to_markdown(raw)
        self.images += images
        return markdown

    def fraction(self, answer: etree._Element) -> int | float:
        try:
            return _number(answer.get("fraction", "0"))
        except ValueError:
            raise Skip(_l("An answer's fraction is not a number.")) from None

    def note(self, message: Any) -> None:
        self.notes.append(message)

    def finish(self) -> None:
        if self.images:
            self.note(_l("Its images were left out: quiz questions cannot hold images."))
        if any(_text(hint).strip() for hint in self.question.iterchildren("hint")):
            self.note(_l("Its hints were left out: Tamkeen has none."))

    def overall_feedback(self) -> None:
        texts = [
            _text(self.question.find(tag)).strip()
            for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
        ]
        if any(text not in _DEFAULT_FEEDBACK for text in texts):
            self.note(
                _l(
                    "Its feedback for right, partly right and wrong answers was left out:"
                    " Tamkeen has feedback per answer and general feedback."
                )
            )


def _multichoice(reader: _Reader) -> dict:
    question = reader.question
    # Moodle's reader takes a missing <single> as true.
    single = (_text(question, "single").strip().lower() or "true") in ("true", "1")
    choices = []
    for answer in question.iterchildren("answer"):
        weight = reader.fraction(answer)
        choice: dict[str, Any] = {"text": reader.rich(answer)}
        if single and weight == 100:
            choice["correct"] = True
        elif weight or not single:
            choice["weight"] = weight
        if feedback := reader.rich(answer.find("feedback")):
            choice["feedback"] = feedback
        choices.append(choice)
    reader.overall_feedback()
    return {"kind": "single_choice" if single else "multiple_response", "choices": choices}


def _truefalse(reader: _Reader) -> dict:
    spec: dict[str, Any] = {"kind": "true_false", "answer": True}
    for answer in reader.question.iterchildren("answer"):
        side = _text(answer).strip().lower()
        if side not in ("true", "false"):
            raise Skip(_l("A true/false answer is neither “true” nor “false”."))
        if reader.fraction(answer) == 100:
            spec["answer"] = side == "true"
        if feedback := reader.rich(answer.find("feedback")):
            spec[f"feedback_{side}"] = feedback
    return spec


def _shortanswer(reader: _Reader) -> dict:
    answers = []
    for answer in reader.question.iterchildren("answer"):
        text = _text(answer).strip()
        item: dict[str, Any] = {"text": text}
        weight = reader.fraction(answer)
        if weight != (0 if text == "*" else 100):
            item["weight"] = weight
        if feedback := reader.rich(answer.find("feedback")):
            item["feedback"] = feedback
        answers.append(item)
    if _flag(reader.question, "usecase"):
        reader.note(_l("Its answers were case-sensitive in Moodle; Tamkeen ignores case."))
    return {"kind": "short_answer", "answers": answers}


def _numerical(reader: _Reader) -> dict:
    answers = []
    for answer in reader.question.iterchildren("answer"):
        text = _text(answer).strip()
        try:
            if text == "*":
                item: dict[str, Any] = {"value": "*"}
            else:
                item = {"value": _number(text)}
                tolerance = _number(_text(answer, "tolerance") or "0")
                if tolerance:
                    item["tolerance"] = abs(tolerance)
        except ValueError:
            raise Skip(_l("%(text)s is not a number.", text=text[:40])) from None
        weight = reader.fraction(answer)
        if weight != (0 if text == "*" else 100):
            item["weight"] = weight
        if feedback := reader.rich(answer.find("feedback")):
            item["feedback"] = feedback
        answers.append(item)
    if any(_text(unit, "unit_name").strip() for unit in reader.question.iter("unit")):
        reader.note(_l("Its units were left out: Tamkeen reads the number only."))
    return {"kind": "numeric", "answers": answers}


def _matching(reader: _Reader) -> dict:
    pairs, distractors = [], []
    for sub in reader.question.iterchildren("subquestion"):
        prompt = reader.rich(sub)
        match = _text(sub.find("answer")).strip()
        if prompt:
            pairs.append({"prompt": prompt, "match": match})
        elif match:
            distractors.append(match)
    reader.overall_feedback()
    spec: dict[str, Any] = {"kind": "matching", "pairs": pairs}
    if distractors:
        spec["distractors"] = distractors
    return spec


def _ordering(reader: _Reader) -> dict:
    question = reader.question
    items = [reader.rich(answer) for answer in question.iterchildren("answer")]
    select = _text(question, "selecttype").strip().upper() or "ALL"
    count = _text(question, "selectcount").strip()
    if select not in ("ALL", "0") and count.isdigit() and 0 < int(count) < len(items):
        raise Skip(_l("It shows only some of its items, which Tamkeen does not do."))
    grading = _text(question, "gradingtype").strip().upper() or "ABSOLUTE_POSITION"
    if grading not in ("ABSOLUTE_POSITION", "0"):
        reader.note(
            _l(
                "Moodle graded it by %(grading)s; Tamkeen counts the items in their right place.",
                grading=grading[:40],
            )
        )
    reader.overall_feedback()
    return {"kind": "ordering", "items": items}


def _later_kind(kind: str):
    def read(reader: _Reader) -> dict:
        if kind not in KINDS:
            raise Skip(_l("The %(kind)s kind is not available in Tamkeen yet.", kind=kind))
        question = reader.question
        if kind == "essay" and (
            _text(question.find("graderinfo")).strip()
            or (_text(question, "attachments").strip() or "0") != "0"
        ):
            reader.note(_l("Its information for graders and its attachments were left out."))
        return {"kind": kind}

    return read


READERS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "ordering": _ordering,
    **{kind: _later_kind(kind) for kind in LATER_KINDS},
}


def _named(name: str, message: Any) -> Any:
    return _l("“%(name)s”: %(message)s", name=name, message=message) if name else message


def _spec(question: etree._Element, qtype: str, reader: _Reader) -> dict:
    if qtype not in READERS:
        raise Skip(_l("Moodle's %(type)s questions have no kind in Tamkeen.", type=qtype[:40]))
    spec = READERS[qtype](reader)
    spec["prompt"] = reader.rich(question.find("questiontext"))
    if general := reader.rich(question.find("generalfeedback")):
        spec["feedback"] = general
    if qtype != "description":
        grade = _text(question, "defaultgrade").strip() or "1"
        try:
            spec["points"] = _number(grade)
        except ValueError:
            raise Skip(_l("Its mark is not a number.")) from None
    reader.finish()
    return spec


def _collect(problems: list) -> Any:
    return lambda _line, message: problems.append(message)


def parse_moodle_xml(data: bytes, *, unique_names: bool = True) -> MoodleXmlResult:
    """Every question of a Moodle XML file, with a line for each skipped or changed one.

    Raises ``Refused`` when the file cannot be read at all. ``unique_names`` as in
    ``parse_gift``.
    """
    result = MoodleXmlResult()
    for question in read_document(data).iterchildren("question"):
        qtype = question.get("type", "")
        if qtype == "category":
            continue
        line = question.sourceline or 0
        name = " ".join(_text(question.find("name")).split())
        reader = _Reader(question)
        try:
            spec = _spec(question, qtype, reader)
        except Skip as reason:
            result.skipped.append((line, _named(name, reason.args[0])))
            continue
        if len(name) > MAX_NAME:
            name = name[:MAX_NAME].rstrip()
            reader.note(_l("Its name was shortened to %(n)d characters.", n=MAX_NAME))
        if name:
            spec["name"] = name
        problems: list[Any] = []
        question_spec = read_question(spec, Checker(_collect(problems), line))
        if problems or question_spec is None:
            result.skipped.append((line, _named(name, problems[0] if problems else "")))
            continue
        question_spec.line = line
        result.questions.append(question_spec)
        result.notes.extend((line, _named(name, note)) for note in reader.notes)
    if unique_names:
        _unique_names(result)
    return result
