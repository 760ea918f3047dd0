"""A Tamkeen quiz as QTI 1.2.1 in the Common Cartridge profile, one question kind at a time.

``ITEM_WRITERS`` maps a Tamkeen kind to the function that writes its ``item``; a kind
missing from it does not travel (numeric, matching and ordering questions: the profile has
no way to say them) and the export report says so, one line per question. The shapes follow
what Moodle's and Canvas's importers read (docs/notes/issue-22-research.md, section 1):
true/false labels named ``true`` and ``false``, feedback under
``itemfeedback/flow_mat/material``, the points in ``cc_weighting`` (a whole number, 1..99).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from lxml import etree

from ...i18n import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
from ...quizzes.kinds import KINDS
from ...quizzes.kinds.short_answer import wildcard_parts
from ...text import render_inline_markdown, render_markdown

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RESPONSE = "RESPONSE"
GENERAL_FEEDBACK = "GENERAL-FB"


# What the export report says, one sentence per thing that did not travel.
WHERE = _l("%(where)s, %(line)s")
PARTIAL_CHOICE = _l(
    "%(question)s: partial credit for a choice may be lost (Moodle keeps the right answer only)."
)
EQUAL_SHARES = _l(
    "%(question)s: the weight of each choice does not travel; "
    "the right choices share the points equally."
)
WILDCARDS_ONLY = _l("%(question)s: its right answers use wildcards a cartridge cannot express.")
WILDCARD_INSIDE = _l("%(question)s: answers with a wildcard inside a word do not travel.")
PARTIAL_ANSWER = _l(
    "%(question)s: partial credit for an answer may be lost (Moodle keeps the right answer only)."
)
POINTS = _l(
    "%(question)s is worth %(points)s points: a cartridge allows whole points from "
    "1 to 99, so it counts %(weight)s."
)
NO_EQUIVALENT = _l(
    "%(question)s: this kind of question (%(kind)s) has no equivalent in a cartridge "
    "and is left out."
)
ATTEMPTS = _l(
    "%(quiz)s allows %(count)s attempts: a cartridge says 1 to 5 or unlimited, "
    "so it allows unlimited attempts."
)


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, _q(tag), attributes)
    if text is not None:
        element.text = text
    return element


@dataclass
class ItemContext:
    """What an item writer needs besides the question: the course language, the report."""

    language: str
    report: list[str] = field(default_factory=list)

    def html(self, markdown: str) -> str:
        return str(render_markdown(markdown, self.language))

    def inline(self, markdown: str) -> str:
        return str(render_inline_markdown(markdown))


class Skipped(Exception):
    """The question cannot travel; the message is the report's sentence."""


def metadata(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    block = sub(parent, "qtimetadata")
    for label, entry in fields:
        row = sub(block, "qtimetadatafield")
        sub(row, "fieldlabel", label)
        sub(row, "fieldentry", entry)


def material(parent: etree._Element, text: str, texttype: str = "text/html") -> None:
    sub(sub(parent, "material"), "mattext", text, texttype=texttype)


def feedback(item: etree._Element, ident: str, html: str) -> None:
    """Feedback where Moodle reads it: itemfeedback/flow_mat/material/mattext."""
    block = sub(item, "itemfeedback", ident=ident)
    material(sub(block, "flow_mat"), html)


def condition(
    resprocessing: etree._Element,
    test: Callable[[etree._Element], None],
    *,
    score: float | None = None,
    feedback_id: str | None = None,
    proceed: bool = False,
) -> None:
    block = sub(resprocessing, "respcondition", **{"continue": "Yes" if proceed else "No"})
    test(sub(block, "conditionvar"))
    if score is not None:
        sub(block, "setvar", _number(score), varname="SCORE", action="Set")
    if feedback_id:
        sub(block, "displayfeedback", feedbacktype="Response", linkrefid=feedback_id)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def equal(value: str, *, case: str | None = None) -> Callable[[etree._Element], None]:
    def test(conditionvar: etree._Element) -> None:
        attributes = {"respident": RESPONSE} | ({"case": case} if case else {})
        sub(conditionvar, "varequal", value, **attributes)

    return test


def other(conditionvar: etree._Element) -> None:
    sub(conditionvar, "other")


def scoring(item: etree._Element, question, context: ItemContext) -> etree._Element:
    """resprocessing with its SCORE variable; the general feedback first, for everyone."""
    resprocessing = sub(item, "resprocessing")
    sub(sub(resprocessing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal",
        minvalue="0", maxvalue="100")  # fmt: skip
    if question.feedback.strip():
        condition(resprocessing, other, feedback_id=GENERAL_FEEDBACK, proceed=True)
    return resprocessing


def general_feedback(item: etree._Element, question, context: ItemContext) -> None:
    if question.feedback.strip():
        feedback(item, GENERAL_FEEDBACK, context.html(question.feedback))


def choice_labels(presentation, choices: list[dict], cardinality: str, context) -> None:
    lid = sub(presentation, "response_lid", ident=RESPONSE, rcardinality=cardinality)
    render = sub(lid, "render_choice", shuffle="No")
    for number, choice in enumerate(choices, start=1):
        material(sub(render, "response_label", ident=f"C{number}"), context.inline(choice["text"]))


# -- the kinds ---------------------------------------------------------------------------
def single_choice(item, question, context: ItemContext) -> str:
    choices = question.data["choices"]
    presentation = sub(item, "presentation")
    material(presentation, context.html(question.prompt))
    choice_labels(presentation, choices, "Single", context)
    resprocessing = scoring(item, question, context)
    for number, choice in enumerate(choices, start=1):
        weight = choice["weight"]
        if weight > 0 or choice["feedback"]:
            condition(
                resprocessing,
                equal(f"C{number}"),
                score=weight if weight > 0 else None,
                feedback_id=f"C{number}-FB" if choice["feedback"] else None,
            )
    if any(choice["weight"] not in (0, 100) for choice in choices):
        context.report.append(PARTIAL_CHOICE % {"question": _name(question)})
    for number, choice in enumerate(choices, start=1):
        if choice["feedback"]:
            feedback(item, f"C{number}-FB", context.html(choice["feedback"]))
    general_feedback(item, question, context)
    return "cc.multiple_choice.v0p1"


def multiple_response(item, question, context: ItemContext) -> str:
    choices = question.data["choices"]
    presentation = sub(item, "presentation")
    material(presentation, context.html(question.prompt))
    choice_labels(presentation, choices, "Multiple", context)
    resprocessing = scoring(item, question, context)
    for number, choice in enumerate(choices, start=1):
        if choice["feedback"]:
            condition(resprocessing, equal(f"C{number}"), feedback_id=f"C{number}-FB", proceed=True)

    def all_right(conditionvar: etree._Element) -> None:
        both = sub(conditionvar, "and")
        for number, choice in enumerate(choices, start=1):
            parent = both if choice["weight"] > 0 else sub(both, "not")
            sub(parent, "varequal", f"C{number}", respident=RESPONSE)

    condition(resprocessing, all_right, score=100)
    if question.data.get("weighted"):
        context.report.append(EQUAL_SHARES % {"question": _name(question)})
    for number, choice in enumerate(choices, start=1):
        if choice["feedback"]:
            feedback(item, f"C{number}-FB", context.html(choice["feedback"]))
    general_feedback(item, question, context)
    return "cc.multiple_response.v0p1"


def true_false(item, question, context: ItemContext) -> str:
    data = question.data
    presentation = sub(item, "presentation")
    material(presentation, context.html(question.prompt))
    lid = sub(presentation, "response_lid", ident=RESPONSE, rcardinality="Single")
    render = sub(lid, "render_choice", shuffle="No")
    # Moodle's importer stops on any other label names than these two.
    with force_locale(context.language):  # the labels are course text, in its language
        sides = (("true", _("True")), ("false", _("False")))
    for side, label in sides:
        material(sub(render, "response_label", ident=side), label, "text/plain")
    resprocessing = scoring(item, question, context)
    right = "true" if data["answer"] else "false"
    for side, _label in sides:
        condition(
            resprocessing,
            equal(side),
            score=100 if side == right else None,
            feedback_id=f"{side.upper()}-FB" if data[f"feedback_{side}"] else None,
        )
    for side, _label in sides:
        if data[f"feedback_{side}"]:
            feedback(item, f"{side.upper()}-FB", context.html(data[f"feedback_{side}"]))
    general_feedback(item, question, context)
    return "cc.true_false.v0p1"


def _answer_test(text: str) -> tuple[str, Callable | None]:
    """How an accepted answer travels: ``exact``, ``contains`` (``*x*``), ``anything``
    (``*``), or ``lost`` (a wildcard elsewhere, which the profile cannot say)."""
    parts = wildcard_parts(text)
    if len(parts) == 1:
        return "exact", equal(text, case="No")
    if parts == ("", ""):
        return "anything", other
    if len(parts) == 3 and parts[0] == "" and parts[2] == "" and parts[1]:

        def contains(conditionvar: etree._Element) -> None:
            sub(conditionvar, "varsubstring", parts[1], respident=RESPONSE, case="No")

        return "contains", contains
    return "lost", None


def short_answer(item, question, context: ItemContext) -> str:
    answers = question.data["answers"]
    tests = [(answer, *_answer_test(answer["text"])) for answer in answers]
    if not any(way != "lost" and answer["weight"] == 100 for answer, way, _t in tests):
        raise Skipped(WILDCARDS_ONLY % {"question": _name(question)})
    presentation = sub(item, "presentation")
    material(presentation, context.html(question.prompt))
    sub(sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single"), "render_fib")
    resprocessing = scoring(item, question, context)
    for number, (answer, way, test) in enumerate(tests, start=1):
        if way == "lost" or test is None:
            continue
        condition(
            resprocessing,
            test,
            score=answer["weight"] if answer["weight"] > 0 else None,
            feedback_id=f"A{number}-FB" if answer["feedback"] else None,
        )
    if any(way == "lost" for _answer, way, _t in tests):
        context.report.append(WILDCARD_INSIDE % {"question": _name(question)})
    if any(answer["weight"] not in (0, 100) for answer in answers):
        context.report.append(PARTIAL_ANSWER % {"question": _name(question)})
    for number, (answer, way, _test) in enumerate(tests, start=1):
        if answer["feedback"] and way != "lost":
            feedback(item, f"A{number}-FB", context.html(answer["feedback"]))
    general_feedback(item, question, context)
    contains = any(way == "contains" for _answer, way, _t in tests)
    return "cc.pattern_match.v0p1" if contains else "cc.fib.v0p1"


ITEM_WRITERS: dict[str, Callable] = {
    "single_choice": single_choice,
    "multiple_response": multiple_response,
    "true_false": true_false,
    "short_answer": short_answer,
}


def isolated(value: object) -> str:
    """A course's own text in a report sentence, keeping its direction (i18n.isolate, as
    plain text: the report is printed by the command too)."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def _kind_label(kind: str) -> str:
    """The kind as trainers know it (Numeric, Matching...), or its code for an unknown one."""
    known = KINDS.get(kind)
    return str(known.label) if known else kind


def _name(question) -> str:
    if question.name:
        return _("question %(number)s (%(name)s)", number=question.position,
                 name=isolated(question.name))  # fmt: skip
    return _("question %(number)s", number=question.position)


def weighting(question, report: list[str]) -> str:
    """The points as ``cc_weighting``: a whole number from 1 to 99; else the nearest, said."""
    points = question.points
    weight = min(max(round(points), 1), 99)
    if weight != points:
        report.append(
            POINTS % {"question": _name(question), "points": _number(points), "weight": weight}
        )
    return str(weight)


def write_item(section: etree._Element, number: int, question, context: ItemContext) -> bool:
    """Append the question's item to ``section``; False (and a report line) if it cannot."""
    writer = ITEM_WRITERS.get(question.kind)
    if writer is None:
        context.report.append(
            NO_EQUIVALENT % {"question": _name(question), "kind": _kind_label(question.kind)}
        )
        return False
    attributes = {"ident": f"Q{number:03d}", "title": question.name or _name(question)}
    item = etree.Element(_q("item"), attributes)
    item_metadata = sub(item, "itemmetadata")
    lines: list[str] = []
    try:
        profile = writer(item, question, ItemContext(context.language, lines))
    except Skipped as skipped:
        context.report.append(str(skipped))
        return False
    weight = weighting(question, lines)
    metadata(
        item_metadata,
        [("cc_profile", profile), ("cc_weighting", weight), ("qmd_scoringpermitted", "Yes"),
         ("qmd_computerscored", "Yes")],
    )  # fmt: skip
    section.append(item)
    context.report.extend(lines)
    return True


def assessment_xml(quiz, *, ident: str, title: str, version: str, language: str, where: str):
    """The quiz as a QTI file (bytes), and how many questions it holds, and the report;
    ``where`` (the module's title, or the final quiz's) starts each question's line."""
    context = ItemContext(language)
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI, "xsi": XSI})
    schema_version = version.replace(".", "p")
    root.set(
        f"{{{XSI}}}schemaLocation",
        f"{QTI} http://www.imsglobal.org/profile/cc/ccv{schema_version}/"
        f"ccv{schema_version}_qtiasiv1p2p1_v1p0.xsd",
    )
    assessment = sub(root, "assessment", ident=ident, title=title)
    fields = [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination")]
    if quiz.time_limit_minutes:
        fields.append(("qmd_timelimit", str(quiz.time_limit_minutes)))
    attempts = quiz.max_attempts
    fields.append(("cc_maxattempts", str(attempts) if attempts and attempts <= 5 else "unlimited"))
    if attempts and attempts > 5:
        context.report.append(ATTEMPTS % {"quiz": isolated(title), "count": attempts})
    metadata(assessment, fields)
    section = sub(assessment, "section", ident=f"{ident}-SECTION")
    count, lines = 0, ItemContext(language)
    for question in quiz.questions:
        count += write_item(section, count + 1, question, lines)
    context.report += [WHERE % {"where": isolated(where), "line": line} for line in lines.report]
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data, count, context.report
