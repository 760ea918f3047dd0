"""Moodle XML beside GIFT: each vendor sample imports to its kind with its answers, points and
feedback; a file mixing kinds imports what it can and reports the rest line by line; a file
that cannot be read is refused with a sentence and changes nothing; HTML is sanitised."""

from pathlib import Path

import pytest

from tamkeen.extensions import db
from tamkeen.quizzes.kinds import KINDS
from tamkeen.quizzes.models import Question, Quiz
from tamkeen.quizzes.moodle_xml import Refused, parse_moodle_xml
from tamkeen.text import render_markdown

from ..inert import active_content
from .helpers import upload

SAMPLES = Path(__file__).parents[2] / "vendor" / "moodle-xml"


def sample(name: str):
    """Parsing needs no app: the lazy messages read as English outside one."""
    result = parse_moodle_xml((SAMPLES / f"{name}.xml").read_bytes())
    assert result.skipped == [] and result.errors == []
    (question,) = result.questions
    return question, [(line, str(note)) for line, note in result.notes]


def xml(*questions: str, declaration='<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return (declaration + "\n<quiz>\n" + "\n".join(questions) + "\n</quiz>\n").encode()


def question(qtype: str, name: str, body: str = "", text: str = "Q?") -> str:
    return (
        f'<question type="{qtype}"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>'
        f"{body}</question>"
    )


def test_multichoice_single_and_its_category():
    q, notes = sample("multichoice-single")
    assert (q.kind, q.name, q.points) == (
        "single_choice",
        "First text on the right to information",
        1,
    )
    assert q.prompt.startswith("Which text first proclaimed")
    assert q.feedback == "Article 19 of the Universal Declaration."
    assert [c["weight"] for c in q.data["choices"]] == [100, 0, 0]
    assert q.data["choices"][1]["feedback"].startswith("It protects it too (article 25)")
    assert notes == []  # Moodle's default overall feedback loses nothing


def test_multichoice_multiple_keeps_partial_and_negative_credit():
    q, _ = sample("multichoice-multiple")
    assert (q.kind, q.points) == ("multiple_response", 2)
    assert [c["weight"] for c in q.data["choices"]] == [33.33333, 33.33333, 33.33334, -100]
    assert q.data["choices"][3]["feedback"] == "Majorities cannot remove rights."
    assert KINDS["multiple_response"].grade(q.data, [c["id"] for c in q.data["choices"][:3]]) == 1


def test_multichoice_without_single_is_single_as_in_moodle():
    body = (
        '<answer fraction="100"><text>Rabat</text></answer>'
        '<answer fraction="50"><text>Salé</text></answer>'
        '<answer fraction="0"><text>Fès</text></answer>'
    )
    (q,) = parse_moodle_xml(xml(question("multichoice", "Capital", body))).questions
    assert q.kind == "single_choice"
    assert [c["weight"] for c in q.data["choices"]] == [100, 50, 0]


def test_truefalse_keeps_each_sides_feedback():
    q, _ = sample("truefalse")
    assert q.kind == "true_false"
    assert q.data["answer"] is True
    assert (q.data["feedback_true"], q.data["feedback_false"]) == (
        "Right.",
        "Look again at article 1 of the law.",
    )


def test_shortanswer_keeps_wildcards_and_arabic():
    q, _ = sample("shortanswer-wildcard")
    assert (q.kind, q.name) == ("short_answer", "سنة الدستور")
    assert q.prompt == "في أي سنة اعتُمد الدستور المغربي الحالي؟"
    answers = [(a["text"], a["weight"], a["feedback"]) for a in q.data["answers"]]
    assert answers == [
        ("2011", 100, "أحسنتم."),
        ("*ألفين و*إحدى عشرة*", 100, "أحسنتم."),
        ("*", 0, "راجعوا الدرس الأول."),
    ]
    kind = KINDS["short_answer"]
    assert kind.grade(q.data, "سنة ألفين وإحدى عشرة") == 1
    assert kind.grade(q.data, "1990") == 0


def test_numerical_keeps_tolerance_and_catch_all():
    q, _ = sample("numerical-tolerance")
    assert q.kind == "numeric"
    answers = [(a.get("value"), a.get("tolerance"), a["weight"]) for a in q.data["answers"]]
    assert answers == [(30, 0, 100), (30, 2, 50), ("*", None, 0)]
    kind = KINDS["numeric"]
    assert [kind.grade(q.data, typed) for typed in ("30", "31.5", "40")] == [1, 0.5, 0]


def test_matching_keeps_its_distractor():
    q, _ = sample("matching")
    assert (q.kind, q.points) == ("matching", 3)
    assert [p["prompt"] for p in q.data["pairs"]] == ["Law 88-13", "Law 31-13", "Law 09-08"]
    assert [d["text"] for d in q.data["distractors"]] == ["The Family Code"]


def test_ordering_items_come_in_the_right_order():
    q, _ = sample("ordering")
    assert q.kind == "ordering"
    assert [i["text"] for i in q.data["items"]] == [
        "Hold the founding general assembly",
        "File the declaration with the local authority",
        "Receive the provisional receipt",
    ]


MIXED = xml(
    '<question type="category"><category><text>$course$/top/Mixed</text></category></question>',
    question(
        "truefalse",
        "Imported",
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer>',
    ),
    question("multianswer", "A cloze", text="{1:SHORTANSWER:=Rabat}"),
    question("calculatedsimple", "A formula"),
    question(
        "shortanswer",
        "Case matters",
        "<usecase>1</usecase><hint><text>Think of the capital.</text></hint>"
        '<answer fraction="100"><text>Rabat</text></answer>',
        text='<p>Capital?</p><img src="@@PLUGINFILE@@/map.png" alt="map">',
    ),
    question(
        "multichoice",
        "One choice only",
        '<single>true</single><answer fraction="100"><text>Alone</text></answer>',
    ),  # fmt: skip
    question("ddwtos", ""),
)


def test_a_file_mixing_kinds_imports_what_it_can_and_reports_the_rest():
    result = parse_moodle_xml(MIXED)
    skipped = [(line, str(message)) for line, message in result.skipped]
    notes = [(line, str(message)) for line, message in result.notes]
    assert [(q.kind, q.name) for q in result.questions] == [
        ("true_false", "Imported"),
        ("short_answer", "Case matters"),
    ]
    assert skipped == [
        (5, "“A cloze”: Moodle's multianswer questions have no kind in Tamkeen."),
        (6, "“A formula”: Moodle's calculatedsimple questions have no kind in Tamkeen."),
        (8, "“One choice only”: choices must be a list of at least 2."),
        (9, "Moodle's ddwtos questions have no kind in Tamkeen."),
    ]
    assert notes == [
        (7, "“Case matters”: Its answers were case-sensitive in Moodle; Tamkeen ignores case."),
        (7, "“Case matters”: Its images were left out: quiz questions cannot hold images."),
        (7, "“Case matters”: Its hints were left out: Tamkeen has none."),
    ]
    assert result.questions[1].prompt == "Capital?"


def test_essay_and_description_map_by_name_or_wait_for_their_kinds():
    """Mapped when the kind registry has them (another part of issue 22 adds them), else
    each is one report line."""
    titles = {"essay": "A restriction you have seen", "description": "Before the questions"}
    for name, title in titles.items():
        result = parse_moodle_xml((SAMPLES / f"{name}.xml").read_bytes())
        if name in KINDS:
            assert [q.kind for q in result.questions] == [name] and result.skipped == []
            continue
        assert result.questions == []
        ((line, message),) = result.skipped
        assert line == 7 and str(message).startswith(f"“{title}")
        assert str(message).endswith(f"”: The {name} kind is not available in Tamkeen yet.")


HOSTILE = (
    '<p onclick="steal()">Read <b>this</b></p><script>alert(1)</script>'
    '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">link</a>'
    '<a href="https://example.org" onmouseover="alert(4)">safe</a>'
    "<style>body{display:none}</style><iframe src='https://evil.example'></iframe>"
)


def test_html_in_question_texts_is_sanitised():
    body = (
        '<generalfeedback format="html"><text><![CDATA[' + HOSTILE + "]]></text></generalfeedback>"
        '<answer fraction="100"><text>true</text><feedback format="html"><text><![CDATA['
        + HOSTILE
        + ']]></text></feedback></answer><answer fraction="0"><text>false</text></answer>'
    )
    (q,) = parse_moodle_xml(xml(question("truefalse", "Hostile", body, text=HOSTILE))).questions
    for text in (q.prompt, q.feedback, q.data["feedback_true"]):
        assert text == "Read **this**\n\nlink[safe](https://example.org)"
        for word in ("script", "onerror", "onclick", "javascript:", "iframe", "alert"):
            assert word not in text
        assert active_content(str(render_markdown(text))) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n", "The file is empty."),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x "boom">]>\n'
            b"<quiz><question type='truefalse'><name><text>&x;</text></name></question></quiz>",
            "DOCTYPE declaration",
        ),
        (b"<quiz><question type='truefalse'>", "not well-formed XML (line 1)"),
        (b"<html><body>Not a quiz</body></html>", "it starts with <html>, not <quiz>."),
        (
            xml('<question type="category"><category><text>x</text></category></question>'),
            "holds no questions",
        ),  # fmt: skip
        ("<quiz>é</quiz>".encode("latin-1"), "not UTF-8 text"),
        ("<quiz>جواب</quiz>".encode("utf-16"), "not UTF-8 text"),
        (
            xml(
                question("truefalse", "x"),
                declaration='<?xml version="1.0" encoding="ISO-8859-1"?>',
            ),
            "encoding is ISO-8859-1",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(content, message):
    with pytest.raises(Refused) as refused:
        parse_moodle_xml(content)
    assert message in str(refused.value.args[0])


# -- the command and the trainers' page -----------------------------------------------------


def test_flask_quizzes_import_moodle_xml(app, make, tmp_path):
    quiz = make.quiz(make.course(), questions=[])
    path = tmp_path / "mixed.xml"
    path.write_bytes(MIXED)
    runner = app.test_cli_runner()
    args = ["quizzes", "import-moodle-xml", str(path), "--quiz", str(quiz.id)]
    result = runner.invoke(args=[*args, "--no-shuffle-choices"])
    assert result.exit_code == 0, result.output
    assert "2 question(s) added, 0 replaced, 4 skipped." in result.output
    assert f"{path}:5: skipped: “A cloze”: Moodle's multianswer questions" in result.output
    assert f"{path}:7: imported without a part: “Case matters”: Its hints" in result.output
    assert make.count(Question, quiz_id=quiz.id) == 2
    assert not make.get(Quiz, quiz.id).shuffle_choices
    again = runner.invoke(args=args)
    assert "0 question(s) added, 2 replaced" in again.output  # matched by name
    path.write_bytes(b"<!DOCTYPE quiz><quiz/>")
    refused = runner.invoke(args=args)
    assert refused.exit_code == 1
    assert "DOCTYPE declaration" in refused.output and "Nothing was imported." in refused.output
    assert make.count(Question, quiz_id=quiz.id) == 2


@pytest.fixture
def admin_quiz(make, auth):
    quiz = make.quiz(make.course(), questions=[])
    make.user("root", roles=("trainee", "admin"))
    auth.login("root")
    return quiz


def test_trainer_uploads_a_moodle_xml_file_beside_gift(app, client, make, admin_quiz):
    page = client.get(f"/quizzes/{admin_quiz.id}/gift").get_data(as_text=True)
    assert "Moodle XML" in page
    response = upload(client, admin_quiz, MIXED, "questions.xml")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "2 questions added, 0 replaced (same name)." in page
    assert "Line 5: “A cloze”: Moodle&#39;s multianswer questions have no kind in Tamkeen." in page
    assert "Line 7: “Case matters”: Its images were left out" in page
    assert make.count(Question, quiz_id=admin_quiz.id) == 2
    # Told apart by content too: an XML file saved as .txt is still read as XML.
    response = upload(client, admin_quiz, (SAMPLES / "ordering.xml").read_bytes(), "q.txt")
    assert "1 questions added" in response.get_data(as_text=True)
    with app.app_context():
        kinds = db.session.scalars(db.select(Question.kind).filter_by(quiz_id=admin_quiz.id))
        assert sorted(kinds) == ["ordering", "short_answer", "true_false"]


BAD_UPLOADS = [
    (b'<!DOCTYPE quiz [<!ENTITY a "b">]><quiz/>', "q.xml", "DOCTYPE declaration"),
    (b"<quiz><question>", "q.xml", "not well-formed XML"),
    (b"<lesson/>", "q.xml", "not &lt;quiz&gt;"),
    ("<quiz>é</quiz>".encode("latin-1"), "q.xml", "not UTF-8 text"),
    (b"<quiz>" + b"x" * (512 * 1024) + b"</quiz>", "big.xml", "larger than 512 KB"),
    (b"\n", "q.xml", "The file is empty."),
]


def test_a_bad_moodle_xml_upload_is_refused_and_nothing_imported(client, make, admin_quiz):
    """One quiz for every refusal (a new app per case costs more than the cases)."""
    for content, name, message in BAD_UPLOADS:
        response = upload(client, admin_quiz, content, name)
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True)
        assert "Nothing was imported" in response.get_data(as_text=True) or "KB" in message
    assert make.count(Question) == 0
