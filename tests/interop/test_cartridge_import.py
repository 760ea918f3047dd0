"""Importing IMS Common Cartridges: `flask courses import-cc` and the trainers' web import
(docs/interoperability.md). Cartridges shaped like Moodle's and Canvas's exports, ours and
1EdTech-shaped examples (vendor/ims/examples) become courses; what Tamkeen cannot hold is a
report line; what a package zip would refuse is refused, with nothing written."""

import pytest
from sqlalchemy import select

from tamkeen.authoring.models import CourseImage
from tamkeen.extensions import db
from tamkeen.interop.html_markdown import convert, to_markdown
from tamkeen.learning.models import Course, Lesson
from tamkeen.quizzes.models import Question, Quiz

from ..authoring.helpers import upload
from . import cartridges as cc

ISOLATE, POP = "\u2068", "\u2069"


def import_cc(app, tmp_path, files, *args, name="course.imscc"):
    path = tmp_path / name
    path.write_bytes(cc.zipped(files) if isinstance(files, dict) else files)
    result = app.test_cli_runner().invoke(args=["courses", "import-cc", str(path), *args])
    # Values in report lines are in Unicode isolates (an Arabic page keeps their order).
    result.text = result.output.replace(ISOLATE, "").replace(POP, "")
    return result


def course_named(app, slug):
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        db.session.expunge_all()
        return course


def lessons_of(app, slug):
    with app.app_context():
        rows = db.session.scalars(
            select(Lesson).join(Course).where(Course.slug == slug).order_by(Lesson.id)
        )
        return [(lesson.slug, lesson.title, lesson.body.strip()) for lesson in rows]


def questions_of(app, slug):
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        quizzes = db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)).all()
        return {quiz.title: (quiz, [question for question in quiz.questions]) for quiz in quizzes}


def test_a_moodle_shaped_cartridge_becomes_a_course_with_a_report(app, tmp_path):
    result = import_cc(app, tmp_path, cc.moodle())
    assert result.exit_code == 0, result.text
    assert "created  freedom-of-expression-online" in result.text
    course = course_named(app, "freedom-of-expression-online")
    assert (course.language, course.title) == ("en", "Freedom of expression online")
    assert course.status == "draft"  # its trainer reads it before trainees do
    lessons = lessons_of(app, course.slug)
    assert [(slug, title) for slug, title, _ in lessons] == [
        ("what-the-law-protects", "What the law protects"),
        ("staying-safe", "Staying safe"),
    ]
    body = lessons[0][2]
    assert body.startswith("## Article 19\n\nThe right to **seek** and *impart* information.")
    assert "![A power map](images/map.png)" in body
    assert "[staying safe](lesson:staying-safe)" in body
    assert "[the UN](https://www.ohchr.org/)" in body and "- Provided by law" in body
    assert "What the law protects" not in body  # the title is the page's, not the body's
    with app.app_context():
        assert db.session.scalar(select(CourseImage.name)) == "map.png"

    ((quiz, questions),) = questions_of(app, course.slug).values()
    assert (quiz.title, quiz.max_attempts, quiz.time_limit_minutes) == (
        "Check what you know", 3, 20,
    )  # fmt: skip
    kinds = [(q.name, q.kind, q.points) for q in questions]
    assert kinds == [
        ("Founding text", "single_choice", 2),
        ("Three-part test", "multiple_response", 1),
        ("Law 31-13", "true_false", 1),
        ("Year", "short_answer", 1),
        ("Reflection", "essay", 1),
    ]
    first = questions[0]
    assert first.prompt == "Which text first proclaimed the right to **seek** information?"
    assert first.feedback == "Read the first lesson again."
    assert [(c["text"], c.get("feedback")) for c in first.data["choices"]] == [
        ("The Universal Declaration", "Yes: article 19."),
        ("The Press Code", "Much later."),
    ]
    choices = questions[1].data["choices"]
    assert [c["text"] for c in choices] == ["Provided by law", "A legitimate aim", "A majority"]
    assert [c["weight"] for c in choices] == [50, 50, -100]  # the right ones share the points
    assert questions[2].data["answer"] is True
    assert [a["text"] for a in questions[3].data["answers"]] == ["2011", "twenty eleven"]

    report = result.text
    for line in (
        "skipped  Introduce yourselves: A discussion: not imported",
        "skipped  The law online: A web link: not imported.",
        "skipped  A tool: A link to an external tool (LTI): not imported.",
    ):
        assert line in report, report
    assert "Reflection" not in report  # an essay is a Tamkeen kind now (issue 22)


def test_a_canvas_shaped_cartridge_becomes_a_course_with_a_report(app, tmp_path):
    result = import_cc(app, tmp_path, cc.canvas())
    assert result.exit_code == 0, result.text
    course = course_named(app, "safety-basics")
    assert course.language == "en"  # en-US in the cartridge
    [(slug, title, body)] = lessons_of(app, course.slug)
    assert (slug, title) == ("passwords", "Passwords")
    assert body == "Long passphrases. ![A lock](images/lock.png) See the assignment."
    ((quiz, questions),) = questions_of(app, course.slug).values()
    assert quiz.title == "Module quiz"
    assert [(q.kind, q.name) for q in questions] == [
        ("true_false", "Question"),
        ("short_answer", ""),
    ]
    assert questions[0].data["answer"] is True
    assert questions[1].data["answers"][0]["text"] == "*signal*"
    for line in (
        "skipped  Passwords: A link to $CANVAS_OBJECT_REFERENCE$/assignments/abc, which is not a "
        "lesson, was removed (its text is kept).",
        "skipped  Module quiz: Question: Tamkeen cannot tell the right answer of this question",
        "skipped  Module quiz: Question: A question of a kind Tamkeen does not read "
        "(matching_question): not imported.",
        "skipped  Write a safety plan: An assignment: not imported",
        "skipped  Discuss: A discussion: not imported",
        "skipped  Broken: This item points to a resource the cartridge does not have (MISSING)",
        "skipped  non_cc_assessments/Q1.xml.qti: A Canvas-only copy of a quiz",
        "skipped  non_cc_assessments/QB.xml.qti: A Canvas-only copy of a quiz",
        "skipped  BANK/bank.xml: A question bank: not imported.",
    ):
        assert line in result.text, result.text
    assert result.text.count("skipped  ") == 9
    assert (
        f"({ISOLATE}matching_question{POP})" in result.output
        and f"({ISOLATE}MISSING{POP})" in result.output
    )


@pytest.mark.parametrize("name", ["cc11-minimal", "cc13-minimal"])
def test_the_1edtech_shaped_examples_import(app, tmp_path, name):
    result = import_cc(app, tmp_path, cc.example(name))
    assert result.exit_code == 0, result.text
    course = course_named(app, "la-liberte-d-expression-en-ligne")
    assert (course.language, course.summary) == (
        "fr", "Un cours d'exemple, fictif, pour vérifier l'export.",
    )  # fmt: skip
    [(slug, title, body)] = lessons_of(app, course.slug)
    assert title == "Ce que protège la loi"
    assert "de **chercher**, de **recevoir**" in body and "3. Elle est nécessaire" in body
    # An SVG is not an image Tamkeen keeps: its description stands in for it, and is reported.
    assert "Les trois parties du test" in body and "images/" not in body
    assert "three-part-test.svg is not a PNG, JPEG, WebP or GIF image" in result.text
    ((quiz, [question]),) = questions_of(app, course.slug).values()
    assert (quiz.title, quiz.max_attempts, question.kind) == (
        "Vérifiez vos acquis", 3, "single_choice",
    )  # fmt: skip
    assert (
        question.data["choices"][0]
        == {
            "text": "La Déclaration universelle des droits de l'homme (1948)",
            "correct": True,
            "feedback": "Oui : l'article 19 de la Déclaration.",
        }
        or question.data["choices"][0]["feedback"] == "Oui : l'article 19 de la Déclaration."
    )


def test_an_arabic_cartridge_becomes_an_arabic_course(app, tmp_path):
    result = import_cc(app, tmp_path, cc.arabic())
    assert result.exit_code == 0, result.text
    course = course_named(app, "hrya-altabyr")  # transliterated, as a trainer's new course
    assert (course.language, course.title) == ("ar", "حرية التعبير")
    assert lessons_of(app, course.slug) == [
        ("ma-yhmyh-alqanwn", "ما يحميه القانون", "الحق في **التماس** المعلومات.")
    ]


def test_a_cartridge_without_a_language_takes_the_importers(app, tmp_path):
    files = cc.arabic()
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(">ar<", ">xx-YY<")
    result = import_cc(app, tmp_path, files, "--language", "fr")
    assert result.exit_code == 0, result.text
    assert course_named(app, "hrya-altabyr").language == "fr"
    assert "The cartridge's language (xx-YY) is not one Tamkeen offers" in result.text


def test_scripts_and_javascript_links_are_removed_and_reported(app, tmp_path):
    files = cc.arabic()
    files["pages/01-law.html"] = cc.page(
        "x",
        '<p onclick="steal()">Text <a href="javascript:alert(1)">click</a>'
        '<script>alert(2)</script><img src="x.png" onerror="alert(3)" alt="">'
        '<a href="JaVaScRiPt:alert(4)">again</a> <a href="data:text/html,x">data</a></p>',
    )
    result = import_cc(app, tmp_path, files)
    assert result.exit_code == 0, result.text
    [(_slug, _title, body)] = lessons_of(app, "hrya-altabyr")
    assert body.replace(" ", "") == "Textclickagaindata"
    assert "Scripts and javascript: links were removed from this page." in result.text


def test_dry_run_writes_nothing_and_reimport_updates_in_place(app, make, tmp_path):
    assert "checked  safety-basics" in import_cc(app, tmp_path, cc.canvas(), "--dry-run").output
    assert make.count(Course) == 0
    assert "created  safety-basics" in import_cc(app, tmp_path, cc.canvas()).output
    with app.app_context():
        db.session.scalar(select(Course)).status = "published"
        db.session.commit()
    assert "updated  safety-basics" in import_cc(app, tmp_path, cc.canvas()).output
    assert course_named(app, "safety-basics").status == "published"  # kept
    assert make.count(Course) == 1 and make.count(Question) == 2


# -- refusals: what a package zip would refuse, and XML a safe parser refuses ----------------
ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<manifest xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">&b;</manifest>"""


def _with(**changes):
    files = cc.moodle()
    files.update(changes)
    return files


REFUSALS = {
    "not-a-zip": (b"PK\x03\x04 not really a zip", "This file is not a zip archive."),
    "no-manifest": (
        cc.zipped({"course/page.html": "<p>x</p>"}),
        "This archive has no imsmanifest.xml: it is not a Common Cartridge.",
    ),
    "wrong-root": (
        cc.zipped({"imsmanifest.xml": "<html><body/></html>"}),
        "imsmanifest.xml is not a Common Cartridge manifest.",
    ),
    "doctype-entities": (
        cc.zipped(_with(**{"imsmanifest.xml": ENTITY_BOMB})),
        "imsmanifest.xml:0: This XML file is refused: it is not well-formed, or it has a "
        "DOCTYPE or entities.",
    ),
    "doctype-in-qti": (
        cc.zipped(_with(**{"quiz5/assessment.xml": ENTITY_BOMB})),
        "quiz5/assessment.xml:0: This XML file is refused",
    ),
    "path-traversal": (cc.zipped(_with(**{"../evil.html": "x"})), "This path leaves the package."),
    "zip-bomb": (
        cc.zipped(_with(**{"resource1/bomb.html": b"\0" * (30 * 1024 * 1024)})),
        "This file unpacks to far more than it holds.",
    ),
    "oversized": (
        cc.zipped(_with(**{"resource1/zeros.bin": b"\0" * (11 * 1024 * 1024)}), stored=True),
        "The archive is larger than 10 MB.",
    ),
    "no-content": (
        cc.zipped({"imsmanifest.xml": cc.manifest("Empty", "en", "", "")}),
        "This cartridge has no web page or quiz that Tamkeen can import.",
    ),
}


def test_each_refused_cartridge_writes_nothing(app, make, tmp_path):
    # One app for every case: each case is a whole import, checked on its own.
    for case, (data, message) in REFUSALS.items():
        result = import_cc(app, tmp_path, data, name=f"{case}.imscc")
        assert result.exit_code != 0, case
        assert message in result.text, (case, result.text)
        assert "nothing was imported" in result.text, case
        assert (make.count(Course), make.count(Lesson), make.count(CourseImage)) == (0, 0, 0)


# -- the web import ----------------------------------------------------------------------
def _web(client, data):
    return upload(client, "/teach/import", "package", data, "course.imscc")


def test_a_trainer_imports_a_cartridge_and_reads_the_report_in_arabic(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    auth.login("rania")
    response = _web(client, cc.zipped(cc.canvas()))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "non_cc_assessments/QB.xml.qti" in page and "BANK/bank.xml" in page
    assert "بنك أسئلة: لم يُستورد." in page and "question bank" not in page
    assert page.count("<li><bdi><code>") == 9
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "safety-basics"))
        assert [trainer.user_id for trainer in course.trainers] == [rania.id]


def test_the_web_import_refuses_what_the_command_refuses(client, make, auth):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    for case in ("doctype-entities", "path-traversal", "wrong-root", "no-content"):
        data, message = REFUSALS[case]
        response = _web(client, data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, case
        assert message.split(":0: ")[-1] in page and "nothing was imported" in page, case
        assert make.count(Course) == 0, case


# -- HTML to Markdown, without an app ---------------------------------------------------------
def test_html_becomes_the_markdown_trainers_write():
    html = (
        "<html><head><title>Not text</title><style>p{}</style></head><body>"
        "<h1>Title</h1><h2>Part</h2><p>Some <b>bold</b>, <i>italic</i> and <code>code</code>."
        "</p><ol><li>one</li><li>two</li></ol><blockquote><p>Quoted</p></blockquote>"
        "<table><tr><th>A</th></tr><tr><td>b</td></tr></table></body></html>"
    )
    assert to_markdown(html) == (
        "## Title\n\n### Part\n\nSome **bold**, *italic* and `code`.\n\n1. one\n2. two\n\n"
        "> Quoted\n\n| A |\n| --- |\n| b |"
    )


def test_only_active_content_in_tags_is_reported():
    prose = convert("<p>one = two; javascript: a language</p>")
    assert (prose.markdown, prose.had_active_content) == (
        "one = two; javascript: a language", False,
    )  # fmt: skip
    for active in ('<a href=" JaVaScRiPt:x">a</a>', "<p onclick=x>a</p>", "<iframe></iframe>a"):
        converted = convert(active)
        assert converted.had_active_content and converted.markdown == "a", active
