"""A cartridge's QTI 1.2 assessment (the Common Cartridge profiles) → a Tamkeen quiz.

The reverse of the export's table (docs/interoperability.md): `cc.multiple_choice` →
`single_choice`, `cc.multiple_response` → `multiple_response`, `cc.true_false` →
`true_false`, `cc.fib` and `cc.pattern_match` → `short_answer`, `cc.essay` → `essay` when
this Tamkeen has that kind. Any other profile, and any item Tamkeen cannot grade as written
(no right answer), is one report line and is left out. Elements are read by their local
name, whatever the namespace (QTI files of CC 1.0 to 1.3 differ only there).
"""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from ...quizzes.kinds import KINDS
from ..html_markdown import convert
from ..xmlsafe import children, first_child, local_name, parse

MAX_NAME = 100
TRUE_WORDS = {"true", "t", "yes", "vrai", "oui", "صحيح", "صواب", "نعم"}
FALSE_WORDS = {"false", "f", "no", "faux", "non", "خطأ", "خاطئ", "لا"}


@dataclass
class QuizRead:
    quiz: dict[str, Any]  # a quiz as docs/course-format.md writes it, questions included
    skipped: list[tuple[str, Any]] = field(default_factory=list)  # (where, message)
    active_content: bool = False  # a script or a javascript: link was removed from a text


def _all(element, name: str) -> list:
    return [node for node in element.iter() if local_name(node) == name]


def _metadata(element) -> dict[str, str]:
    """qtimetadatafield label → entry, directly under ``element``'s (item)metadata."""
    fields = {}
    for holder in children(element, "qtimetadata") + [
        meta
        for item_meta in children(element, "itemmetadata")
        for meta in children(item_meta, "qtimetadata")
    ]:
        for entry in children(holder, "qtimetadatafield"):
            label, value = first_child(entry, "fieldlabel"), first_child(entry, "fieldentry")
            if label is not None and value is not None:
                fields[(label.text or "").strip()] = (value.text or "").strip()
    return fields


class _Reader:
    def __init__(self, where: str):
        self.where = where
        self.active = False

    def text(self, material, *, plain_ok: bool = True) -> str:
        """A material's text as Markdown (HTML converted, plain text as it is)."""
        if material is None:
            return ""
        parts = []
        for node in _all(material, "mattext"):
            value = node.text or ""
            if (node.get("texttype") or "").lower() == "text/html" or (
                not plain_ok and "<" in value
            ):
                converted = convert(value)
                self.active = self.active or converted.had_active_content
                parts.append(converted.markdown)
            else:
                parts.append(
                    " ".join(value.split()) if "\n" not in value.strip() else value.strip()
                )
        return "\n\n".join(part for part in parts if part).strip()

    def plain(self, material) -> str:
        """A material's text as one line of plain text (choices' feedback, answers)."""
        return " ".join(self.text(material).split())


def read_assessment(data: bytes, where: str) -> QuizRead:
    """The quiz in a QTI file; raises xmlsafe.UnsafeXML for XML a safe parser refuses."""
    root = parse(data)
    reader = _Reader(where)
    assessment = (
        root if local_name(root) == "assessment" else next(iter(_all(root, "assessment")), None)
    )
    quiz: dict[str, Any] = {}
    result = QuizRead(quiz=quiz)
    if assessment is None:
        return result
    title = " ".join((assessment.get("title") or "").split())
    if title:
        quiz["title"] = title[:200]
    settings = _metadata(assessment)
    attempts = settings.get("cc_maxattempts", "")
    if attempts.isdigit() and int(attempts) > 0:
        quiz["max_attempts"] = int(attempts)
    minutes = settings.get("qmd_timelimit", "")
    if minutes.isdigit() and int(minutes) > 0:
        quiz["time_limit_minutes"] = int(minutes)
    questions, names = [], set()
    for item in _all(assessment, "item"):
        item_title = " ".join((item.get("title") or "").split())
        label = item_title or item.get("ident") or where
        question, reason = _read_item(reader, item)
        if question is None:
            result.skipped.append((f"{where}: {label}", reason))
            continue
        if item_title and len(item_title) <= MAX_NAME and item_title not in names:
            question = {"name": item_title, **question}
            names.add(item_title)
        questions.append(question)
    quiz["questions"] = questions
    result.active_content = reader.active
    return result


def _read_item(reader: _Reader, item) -> tuple[dict | None, Any]:
    fields = _metadata(item)
    profile = fields.get("cc_profile") or fields.get("question_type", "")
    kind = PROFILES.get(profile.rsplit(".v", 1)[0] if ".v" in profile else profile)
    if kind is None:
        return None, _l(
            "A question of a kind Tamkeen does not read (%(profile)s): not imported.",
            profile=f"\u2068{profile or '?'}\u2069",  # isolated, as reader.isolated
        )
    presentation = first_child(item, "presentation")
    if presentation is None:
        return None, _l("This question has no text: not imported.")
    material = first_child(presentation, "material")
    prompt = reader.text(material if material is not None else _first_material(presentation))
    if not prompt:
        return None, _l("This question has no text: not imported.")
    question: dict[str, Any] = {"kind": kind, "prompt": prompt}
    weighting = fields.get("cc_weighting", "")
    try:
        points = float(weighting)
    except ValueError:
        points = 1
    if points > 0 and points != 1:
        question["points"] = int(points) if points.is_integer() else points
    feedback = _feedback(reader, item)
    conditions = _conditions(item)
    general = [
        feedback[ref]
        for condition in conditions
        if condition.other
        for ref in condition.feedback
        if ref in feedback
    ]
    if general:
        question["feedback"] = general[0]
    reading = KIND_READERS[kind](reader, question, presentation, conditions, feedback)
    if reading is not None:
        return None, reading
    return question, None


def _first_material(presentation):
    flow = first_child(presentation, "flow")
    return first_child(flow, "material") if flow is not None else None


@dataclass
class _Condition:
    equal: list[str]  # varequal values outside a <not>
    substrings: list[str]  # varsubstring values
    score: float | None  # the SCORE it sets, if any
    feedback: list[str]  # the itemfeedback idents it displays
    other: bool  # <other/>: any answer (general or "wrong answer" feedback)


def _conditions(item) -> list[_Condition]:
    processing = first_child(item, "resprocessing")
    found = []
    for condition in children(processing, "respcondition") if processing is not None else []:
        var = first_child(condition, "conditionvar")
        equal, substrings, other = [], [], False
        if var is not None:
            for node in var.iter():
                inside_not = any(local_name(parent) == "not" for parent in node.iterancestors())
                if local_name(node) == "varequal" and not inside_not:
                    equal.append((node.text or "").strip())
                elif local_name(node) == "varsubstring" and not inside_not:
                    substrings.append((node.text or "").strip())
                elif local_name(node) == "other":
                    other = True
        score = None
        for setvar in children(condition, "setvar"):
            if (setvar.get("varname") or "SCORE").upper() == "SCORE":
                try:
                    score = float((setvar.text or "").strip())
                except ValueError:
                    score = None
        refs = [node.get("linkrefid") for node in children(condition, "displayfeedback")]
        found.append(_Condition(equal, substrings, score, [r for r in refs if r], other))
    return found


def _feedback(reader: _Reader, item) -> dict[str, str]:
    """itemfeedback ident → its text (under flow_mat, as Moodle writes, or directly)."""
    texts = {}
    for node in children(item, "itemfeedback"):
        text = reader.text(node)
        if node.get("ident") and text:
            texts[node.get("ident")] = text
    return texts


def _labels(reader: _Reader, presentation) -> list[tuple[str, str]]:
    """(ident, text) of every choice, in order."""
    return [
        (label.get("ident") or "", reader.text(label))
        for label in _all(presentation, "response_label")
    ]


def _is_right(condition: _Condition) -> bool:
    return condition.score is not None and condition.score > 0


def _choice_feedback(conditions, feedback, ident: str) -> str:
    for condition in conditions:
        if condition.equal == [ident] and not condition.other:
            for ref in condition.feedback:
                if ref in feedback:
                    return feedback[ref]
    return ""


def _choices(reader, question, presentation, conditions, feedback, *, single: bool):
    labels = _labels(reader, presentation)
    right = {value for c in conditions if _is_right(c) for value in c.equal}
    if single:
        right = {
            value for c in conditions if _is_right(c) and len(c.equal) == 1 for value in c.equal
        }
    choices = []
    for ident, text in labels:
        if not text:
            return _l("A choice of this question has no text: not imported.")
        choice: dict[str, Any] = {"text": text}
        if ident in right:
            choice["correct"] = True
        said = _choice_feedback(conditions, feedback, ident)
        if said:
            choice["feedback"] = said
        choices.append(choice)
    wanted = sum(1 for choice in choices if choice.get("correct"))
    if len(choices) < 2 or wanted == 0 or (single and wanted != 1):
        return _l("Tamkeen cannot tell the right answer of this question: not imported.")
    question["choices"] = choices
    return None


def _single(reader, question, presentation, conditions, feedback):
    return _choices(reader, question, presentation, conditions, feedback, single=True)


def _multiple(reader, question, presentation, conditions, feedback):
    return _choices(reader, question, presentation, conditions, feedback, single=False)


def _true_false(reader, question, presentation, conditions, feedback):
    labels = _labels(reader, presentation)
    meaning = {}
    for ident, text in labels:
        for word in (ident.strip().casefold(), " ".join(text.split()).casefold().strip(".")):
            if word in TRUE_WORDS:
                meaning[ident] = True
                break
            if word in FALSE_WORDS:
                meaning[ident] = False
                break
    right = [value for c in conditions if _is_right(c) for value in c.equal if value in meaning]
    if len(labels) != 2 or set(meaning.values()) != {True, False} or len(set(right)) != 1:
        return _l("Tamkeen cannot tell the right answer of this question: not imported.")
    question["answer"] = meaning[right[0]]
    for ident, value in meaning.items():
        said = _choice_feedback(conditions, feedback, ident)
        if said:
            question["feedback_true" if value else "feedback_false"] = said
    return None


def _star(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")


def _short(reader, question, presentation, conditions, feedback):
    answers, seen = [], set()
    for condition in conditions:
        if not _is_right(condition):
            continue
        said = next((feedback[ref] for ref in condition.feedback if ref in feedback), "")
        texts = [_star(" ".join(v.split())) for v in condition.equal]
        texts += [f"*{_star(' '.join(v.split()))}*" for v in condition.substrings]
        for text in texts:
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                answer: dict[str, Any] = {"text": text}
                if said:
                    answer["feedback"] = " ".join(said.split())
                answers.append(answer)
    if not answers:
        return _l("Tamkeen cannot tell the right answer of this question: not imported.")
    question["answers"] = answers
    return None


def _essay(reader, question, presentation, conditions, feedback):  # noqa: ARG001
    return None


PROFILES = {
    "cc.multiple_choice": "single_choice",
    "cc.multiple_response": "multiple_response",
    "cc.true_false": "true_false",
    "cc.fib": "short_answer",
    "cc.pattern_match": "short_answer",
}
KIND_READERS = {
    "single_choice": _single,
    "multiple_response": _multiple,
    "true_false": _true_false,
    "short_answer": _short,
    "essay": _essay,
}
if "essay" in KINDS:  # issue 22 adds the kind; until then an essay is a report line
    PROFILES["cc.essay"] = "essay"
