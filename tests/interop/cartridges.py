"""Hand-written cartridges for the import tests, shaped like Moodle's and Canvas's exports as
docs/notes/issue-22-research.md describes them (ours: written from that description, not
copied from either project). Each builder returns the cartridge's files by path."""

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tamkeen import PROJECT_ROOT

from ..authoring.pictures import drawing

CC11 = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM11 = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
EXAMPLES = PROJECT_ROOT / "vendor" / "ims" / "examples"


def zipped(files: dict[str, bytes | str], stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def example(name: str) -> dict[str, bytes]:
    """One of vendor/ims/examples, as files by path."""
    folder = EXAMPLES / name
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def manifest(title, language, organisation, resources, ns=CC11, identifier="M_5f3a9c") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" xmlns="{ns}" xmlns:lomimscc="{LOM11}">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.1.0</schemaversion>
    <lomimscc:lom><lomimscc:general>
      <lomimscc:title><lomimscc:string>{escape(title)}</lomimscc:string></lomimscc:title>
      <lomimscc:language>{language}</lomimscc:language>
    </lomimscc:general></lomimscc:lom>
  </metadata>
  <organizations><organization identifier="ORG" structure="rooted-hierarchy">
    <item identifier="ROOT">{organisation}</item>
  </organization></organizations>
  <resources>{resources}</resources>
</manifest>"""


def item(identifier: str, title: str, ref: str | None = None, children: str = "") -> str:
    ref_attr = f' identifierref="{ref}"' if ref else ""
    return (
        f'<item identifier="{identifier}"{ref_attr}><title>{escape(title)}</title>{children}</item>'
    )


def resource(identifier: str, kind: str, files: list[str], href=None, depends=(), extra=""):
    href_attr = f' href="{href}"' if href else ""
    inner = "".join(f'<file href="{f}"/>' for f in files)
    inner += "".join(f'<dependency identifierref="{d}"/>' for d in depends)
    return f'<resource identifier="{identifier}" type="{kind}"{href_attr}{extra}>{inner}</resource>'


def page(title: str, body: str, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>{body}</body></html>"
    )


# -- QTI -------------------------------------------------------------------------------------
def _meta(**fields) -> str:
    rows = "".join(
        f"<qtimetadatafield><fieldlabel>{k}</fieldlabel><fieldentry>{v}</fieldentry>"
        "</qtimetadatafield>"
        for k, v in fields.items()
    )
    return f"<qtimetadata>{rows}</qtimetadata>"


def mattext(text: str, html: bool = False) -> str:
    kind = "text/html" if html else "text/plain"
    return f'<material><mattext texttype="{kind}">{escape(text)}</mattext></material>'


def feedback(ident: str, text: str) -> str:
    return f'<itemfeedback ident="{ident}"><flow_mat>{mattext(text)}</flow_mat></itemfeedback>'


def qti_item(
    ident,
    title,
    profile,
    prompt,
    labels=(),
    conditions="",
    feedbacks="",
    points=1,
    response="",
    extra_meta=None,
) -> str:
    meta = {"cc_profile": profile, "cc_weighting": points, **(extra_meta or {})}
    if not response:
        cardinality = "Multiple" if "response" in profile else "Single"
        rows = "".join(
            f'<response_label ident="{i}">{mattext(t)}</response_label>' for i, t in labels
        )
        response = (
            f'<response_lid ident="R" rcardinality="{cardinality}"><render_choice>{rows}'
            "</render_choice></response_lid>"
        )
    return (
        f'<item ident="{ident}" title="{escape(title)}"><itemmetadata>{_meta(**meta)}'
        f"</itemmetadata><presentation>{mattext(prompt, html=True)}{response}</presentation>"
        f'<resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal"/></outcomes>'
        f"{conditions}</resprocessing>{feedbacks}</item>"
    )


def right(*idents, fb=None, substring=False, nots=()) -> str:
    var = "varsubstring" if substring else "varequal"
    tests = "".join(f'<{var} respident="R">{escape(i)}</{var}>' for i in idents)
    tests += "".join(f'<not><varequal respident="R">{i}</varequal></not>' for i in nots)
    if len(idents) + len(nots) > 1:
        tests = f"<and>{tests}</and>"
    shown = f'<displayfeedback feedbacktype="Response" linkrefid="{fb}"/>' if fb else ""
    return (
        f'<respcondition continue="No"><conditionvar>{tests}</conditionvar>'
        f'<setvar varname="SCORE" action="Set">100</setvar>{shown}</respcondition>'
    )


def said(ident, fb) -> str:
    """Feedback for one choice, scoring nothing (as Moodle writes it, continue="Yes")."""
    return (
        f'<respcondition continue="Yes"><conditionvar><varequal respident="R">{ident}'
        f'</varequal></conditionvar><displayfeedback feedbacktype="Response" linkrefid="{fb}"/>'
        "</respcondition>"
    )


def general(fb) -> str:
    return (
        '<respcondition continue="Yes"><conditionvar><other/></conditionvar>'
        f'<displayfeedback feedbacktype="Response" linkrefid="{fb}"/></respcondition>'
    )


def assessment(title: str, items: str, **settings) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<questestinterop xmlns="{QTI}">'
        f'<assessment ident="A" title="{escape(title)}">'
        f"{_meta(cc_profile='cc.exam.v0p1', **settings)}"
        f'<section ident="S">{items}</section></assessment></questestinterop>'
    )


FREE_TEXT = (
    '<response_str ident="R"><render_fib><response_label ident="A"/></render_fib></response_str>'
)


# -- Moodle's shape --------------------------------------------------------------------------
def moodle() -> dict[str, bytes | str]:
    """As Moodle 4 exports a course (CC 1.1): sections, pages, a forum, a URL, a quiz."""
    quiz = assessment(
        "Check what you know",
        qti_item(
            "q1",
            "Founding text",
            "cc.multiple_choice.v0p1",
            "<p>Which text first proclaimed the right to <b>seek</b> information?</p>",
            [("a1", "The Universal Declaration"), ("a2", "The Press Code")],
            right("a1") + said("a1", "f1") + said("a2", "f2") + general("g"),
            feedback("f1", "Yes: article 19.")
            + feedback("f2", "Much later.")
            + feedback("g", "Read the first lesson again."),
            points=2,
        )
        + qti_item(
            "q2",
            "Three-part test",
            "cc.multiple_response.v0p1",
            "<p>Which are parts of the test?</p>",
            [("b1", "Provided by law"), ("b2", "A legitimate aim"), ("b3", "A majority")],
            right("b1", "b2", nots=("b3",)),
        )
        + qti_item(
            "q3",
            "Law 31-13",
            "cc.true_false.v0p1",
            "<p>Law 31-13 is about access to information.</p>",
            [("true", "True"), ("false", "False")],
            right("true", fb="t") + said("false", "f"),
            feedback("t", "Right.") + feedback("f", "Look again."),
        )
        + qti_item(
            "q4",
            "Year",
            "cc.fib.v0p1",
            "<p>In which year was the Constitution adopted?</p>",
            conditions=right("2011") + right("twenty eleven"),
            response=FREE_TEXT,
        )
        + qti_item(
            "q5",
            "Reflection",
            "cc.essay.v0p1",
            "<p>Describe a restriction you saw.</p>",
            response=FREE_TEXT,
        ),
        cc_maxattempts=3,
        qmd_timelimit=20,
    )
    organisation = item(
        "S1",
        "Rights and limits",
        children=item("L1", "What the law protects", "R1")
        + item("LBL", "A label without content")
        + item("F1", "Introduce yourselves", "R3")
        + item("U1", "The law online", "R4")
        + item("Q1", "Check what you know", "R5"),
    ) + item("S2", "Tools", children=item("L2", "Staying safe", "R2") + item("T1", "A tool", "R6"))
    resources = (
        resource(
            "R1", "webcontent", ["resource1/page.html", "resource1/map.png"], "resource1/page.html"
        )
        + resource("R2", "webcontent", ["resource2/page.html"], "resource2/page.html")
        + resource("R3", "imsdt_xmlv1p1", ["forum3.xml"])
        + resource("R4", "imswl_xmlv1p1", ["url4.xml"])
        + resource("R5", "imsqti_xmlv1p2/imscc_xmlv1p1/assessment", ["quiz5/assessment.xml"])
        + resource("R6", "imsbasiclti_xmlv1p0", ["lti6.xml"])
    )
    return {
        "imsmanifest.xml": manifest("Freedom of expression online", "en", organisation, resources),
        "resource1/page.html": page(
            "What the law protects",
            "<h1>What the law protects</h1><h2>Article 19</h2><p>The right to <strong>seek"
            "</strong> and <em>impart</em> information.</p>"
            '<p><img src="map.png" alt="A power map"></p>'
            '<p>Next: <a href="../resource2/page.html">staying safe</a>, or '
            '<a href="https://www.ohchr.org/">the UN</a>.</p>'
            "<ul><li>Provided by law</li><li>Legitimate aim</li></ul>",
        ),
        "resource1/map.png": drawing(),
        "resource2/page.html": page("Staying safe", "<p>Use strong passwords.</p>"),
        "forum3.xml": '<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1">'
        '<title>Intro</title><text texttype="text/plain">Hi</text></topic>',
        "url4.xml": '<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1">'
        '<title>Law</title><url href="https://example.org/"/></webLink>',
        "quiz5/assessment.xml": quiz,
        "lti6.xml": '<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0"/>',
    }


# -- Canvas's shape --------------------------------------------------------------------------
def canvas() -> dict[str, bytes | str]:
    """As Canvas exports a course (CC 1.1): modules, wiki pages with $IMS-CC-FILEBASE$
    images, a quiz with its Canvas-only twin, a question bank, an assignment, a discussion."""
    quiz = assessment(
        "Module quiz",
        qti_item(
            "c1",
            "Question",
            "cc.true_false.v0p1",
            "<div><p>Encryption protects messages.</p></div>",
            [("4521", "True"), ("9012", "False")],
            right("4521"),
        )
        + qti_item(
            "c2",
            "Question",
            "cc.pattern_match.v0p1",
            "<p>Name a messaging app that encrypts.</p>",
            conditions=right("signal", substring=True),
            response=FREE_TEXT,
        )
        + qti_item(
            "c3",
            "Question",
            "cc.multiple_choice.v0p1",
            "<p>Pick one.</p>",
            [("x1", "A"), ("x2", "B")],
            "",
        ),
    )
    quiz = quiz.replace("</section>", _matching_item() + "</section>")
    organisation = item(
        "M1",
        "Digital safety",
        children=item("I1", "Passwords", "W1")
        + item("I2", "Module quiz", "Q1")
        + item("I3", "Write a safety plan", "AS1")
        + item("I4", "Discuss", "D1")
        + item("I5", "Broken", "MISSING"),
    )
    resources = (
        resource("W1", "webcontent", ["wiki_content/passwords.html"], "wiki_content/passwords.html")
        + resource(
            "IMG", "webcontent", ["web_resources/images/lock.png"], "web_resources/images/lock.png"
        )
        + resource(
            "Q1",
            "imsqti_xmlv1p2/imscc_xmlv1p1/assessment",
            ["Q1/assessment_qti.xml"],
            depends=["Q1M"],
        )
        + resource(
            "Q1M",
            "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            ["Q1/assessment_meta.xml", "non_cc_assessments/Q1.xml.qti"],
            "Q1/assessment_meta.xml",
        )
        + resource(
            "AS1",
            "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            ["AS1/plan.html", "AS1/assignment_settings.xml"],
            "AS1/plan.html",
        )
        + resource("D1", "imsdt_xmlv1p1", ["D1.xml"])
        + resource(
            "QB",
            "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            ["non_cc_assessments/QB.xml.qti"],
            "non_cc_assessments/QB.xml.qti",
        )
        + resource("BANK", "imsqti_xmlv1p2/imscc_xmlv1p1/question-bank", ["BANK/bank.xml"])
    )
    return {
        "imsmanifest.xml": manifest("Safety basics", "en-US", organisation, resources),
        "wiki_content/passwords.html": page(
            "Passwords",
            '<p>Long passphrases. <img src="%24IMS-CC-FILEBASE%24/images/lock.png" alt="A lock">'
            ' See <a href="$CANVAS_OBJECT_REFERENCE$/assignments/abc">the assignment</a>.</p>',
        ),
        "web_resources/images/lock.png": drawing(),
        "Q1/assessment_qti.xml": quiz,
        "Q1/assessment_meta.xml": "<quiz/>",
        "non_cc_assessments/Q1.xml.qti": "<questestinterop/>",
        "non_cc_assessments/QB.xml.qti": "<questestinterop/>",
        "AS1/plan.html": page("Plan", "<p>Write it.</p>"),
        "AS1/assignment_settings.xml": "<assignment/>",
        "D1.xml": "<topic/>",
        "BANK/bank.xml": "<questestinterop/>",
        "course_settings/canvas_export.txt": "Q",
    }


def _matching_item() -> str:
    return (
        '<item ident="c4" title="Question"><itemmetadata>'
        + _meta(question_type="matching_question", points_possible=1)
        + "</itemmetadata><presentation>"
        + mattext("Match them", html=True)
        + "</presentation></item>"
    )


def arabic() -> dict[str, bytes | str]:
    organisation = item("M", "الحقوق", children=item("L", "ما يحميه القانون", "R"))
    return {
        "imsmanifest.xml": manifest(
            "حرية التعبير",
            "ar",
            organisation,
            resource("R", "webcontent", ["pages/01-law.html"], "pages/01-law.html"),
        ),
        "pages/01-law.html": page(
            "ما يحميه القانون", "<p>الحق في <b>التماس</b> المعلومات.</p>", "ar"
        ),
    }


def write(folder: Path, files: dict) -> None:
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode() if isinstance(data, str) else data)
