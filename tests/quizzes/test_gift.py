"""GIFT, Moodle's plain-text question format: Moodle's own examples import, what Tamkeen
cannot represent is reported by line and skipped, errors import nothing, and export then
import gives the same questions."""

from pathlib import Path

import pytest

from tamkeen.quizzes.gift import parse_gift
from tamkeen.quizzes.gift_export import export_gift
from tamkeen.quizzes.kinds import KINDS
from tamkeen.quizzes.models import Question, Quiz

from ..factories import EVERY_KIND, read_specs
from .helpers import same

DATA = Path(__file__).parent / "data"


@pytest.fixture
def examples(app):
    with app.app_context():
        return parse_gift((DATA / "moodle-examples.gift").read_text(encoding="utf-8"))


def test_moodles_examples_file_imports_whole(examples):
    assert examples.errors == [] and examples.skipped == []
    kinds = [q.kind for q in examples.questions]
    assert len(kinds) == 43
    assert {kind: kinds.count(kind) for kind in KINDS} == {
        "single_choice": 16,
        "multiple_response": 2,
        "true_false": 5,
        "short_answer": 9,
        "numeric": 8,
        "matching": 3,
        "ordering": 0,
        "essay": 0,
        "description": 0,
    }


def find(result, prompt_start: str, kind: str | None = None):
    return next(
        q
        for q in result.questions
        if q.prompt.startswith(prompt_start) and (kind is None or q.kind == kind)
    )


def test_percentage_weights_give_partial_and_negative_credit(examples):
    hometown = find(examples, "Jesus Christ was from", "single_choice")
    weights = {c["text"]: c["weight"] for c in hometown.data["choices"]}
    assert weights == {"Jerusalem": 0, "Bethlehem": 25, "Galilee": 50, "Nazareth": 100}
    negative = [q for q in examples.questions if q.kind == "multiple_response"][1]
    assert [c["weight"] for c in negative.data["choices"]] == [-50, 50, 50, -50]
    misspelt = find(examples, "Jesus Christ was from", "short_answer")
    assert [a["weight"] for a in misspelt.data["answers"]] == [100, 75, 25]


def test_numerical_tolerance_ranges_and_multiple_answers(examples):
    numeric = [q.data["answers"] for q in examples.questions if q.kind == "numeric"]
    assert numeric[0] == [{"id": "1822:1", "value": 1822, "tolerance": 1, "weight": 100,
                           "feedback": ""}]  # fmt: skip
    assert {"min": 3.141, "max": 3.142} in [{k: a[k] for k in ("min", "max") if k in a}
                                            for a in numeric[3]]  # fmt: skip
    born = numeric[4]
    assert [(a["value"], a["tolerance"], a["weight"]) for a in born] == [
        (1822, 0, 100),
        (1822, 2, 50),
    ]


def test_true_false_in_every_spelling_with_its_feedback(examples):
    answers = [q.data["answer"] for q in examples.questions if q.kind == "true_false"]
    assert answers == [False, False, True, False, False]  # {FALSE} {F} {T} {FALSE#...} {FALSE}
    graded = find(examples, "Grant is buried in Grant's tomb.", "true_false")
    assert graded.data["answer"] is False
    # {FALSE#...}: the first feedback is for a wrong answer, here "true".
    feedback = [q for q in examples.questions if q.kind == "true_false" and q.data["feedback_true"]]
    assert feedback[0].data["feedback_true"] == "No one is buried in Grant's tomb."
    spellings = parse_gift("A{T}\n\nB{TRUE}\n\nC{F}\n\nD{FALSE}\n")
    assert [q.data["answer"] for q in spellings.questions] == [True, True, False, False]


def test_names_feedback_escapes_and_format_tags(examples):
    control = find(examples, "Which of the following is NOT a control character")
    assert control.name == "GIFT Control Characters"
    texts = [c["text"] for c in control.data["choices"]]
    assert texts == ["\\~", "\\=", "\\#", "{", "}", "\\\\"]  # Markdown for ~ = # { } \
    assert [c["weight"] for c in control.data["choices"]][-1] == 100
    assert control.data["choices"][0]["feedback"] == "\\~ is a control character."
    bold = find(examples, "Who's buried in **Grant's tomb**?")  # [markdown] kept as is
    assert bold.data["answers"][0]["feedback"] == "excellent answer!"
    blank = find(examples, "Grant is \\_\\_\\_\\_\\_ in Grant's tomb.")  # a blank mid-sentence
    assert blank.kind == "single_choice"


def test_moodles_own_test_fixture_imports_every_question_the_essay_too(app):
    with app.app_context():
        result = parse_gift((DATA / "moodle-fixture.gift").read_text(encoding="utf-8"))
    assert result.errors == [] and result.skipped == []
    essay = result.questions.pop(0)
    assert (essay.kind, essay.name, essay.prompt, essay.line) == ("essay", "Q8", "How are you?", 2)
    activities = result.questions[0]
    assert activities.prompt == "Match the **activity** to the description."
    assert [p["match"] for p in activities.data["pairs"]] == ["Forum", "Choice", "Database", "Wiki"]
    assert activities.data["distractors"][0]["text"] == "Chat"
    colours = result.questions[2]
    assert colours.kind == "multiple_response"
    shortanswer = result.questions[4]
    assert shortanswer.data["answers"][-1] == {
        "id": shortanswer.data["answers"][-1]["id"],
        "text": "*",
        "weight": 0,
        "feedback": "Completely wrong",
    }
    general = result.questions[5]
    assert general.feedback.startswith("This is, of course, a Hitchiker's Guide")
    assert general.data["feedback_true"] == "42 is the Ultimate Answer."


def test_questions_gift_cannot_bring_are_reported_with_their_line_and_skipped(app):
    source = (
        "// a description\n"
        "Welcome to the quiz.\n"
        "\n"
        "::essay::Tell us about your association.{}\n"
        "\n"
        '::picture::[html]What is this? <img src="@@PLUGINFILE@@/x.png">{=a cat ~a dog}\n'
        "\n"
        "::fine::Kept?{T}\n"
    )
    with app.app_context():
        result = parse_gift(source)
        skipped = [(line, str(message)) for line, message in result.skipped]
    # A description and an essay are questions, as in Moodle (issue 22); an image is not.
    assert [(q.kind, q.name) for q in result.questions] == [
        ("description", ""), ("essay", "essay"), ("true_false", "fine")
    ]  # fmt: skip
    assert [line for line, _ in skipped] == [6]
    assert "image" in skipped[0][1]


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("Fine{T}\n\n\nBroken {=a ~b\n", 4, "between { and }"),
        ("::n::When?{#soon}\n", 1, "is not a number"),
        ("Match {=a -> 1 =b}\n", 1, "=prompt -> match"),
        ("One{=a =b ~c}\n", 1, "exactly one correct choice"),
        ("Some{~%50%a ~%40%b ~c}\n", 1, "add up to 100"),
    ],
)
def test_a_broken_question_is_an_error_with_its_line(app, source, line, message):
    with app.app_context():
        result = parse_gift(source)
        errors = [(at, str(text)) for at, text in result.errors]
    assert any(at == line and message in text for at, text in errors), errors


def test_points_travel_in_a_comment_moodle_ignores(app):
    result = parse_gift("// points: 2.5\n::p::How many?{#3}\n")
    assert result.questions[0].points == 2.5


def test_every_kind_exports_and_imports_as_the_same_question(app):
    specs = read_specs(EVERY_KIND + [
        {"kind": "numeric", "prompt": "A range,\nover *two* lines: {braces} # = ~ :",
         "answers": [{"min": 1.5, "max": 2}, {"value": 7, "tolerance": 0.25, "weight": 50},
                     {"value": "*", "feedback": "Try again."}]},
        {"kind": "multiple_response", "prompt": "Weighted", "choices": [
            {"text": "%a", "weight": 70}, {"text": "b", "weight": 30},
            {"text": "c", "weight": -40}]},
        {"kind": "short_answer", "prompt": "Wild", "answers": [
            {"text": "Naz*th"}, {"text": "5\\*", "weight": 20}, {"text": "*", "feedback": "No."}]},
    ])  # fmt: skip
    text = export_gift(specs)
    again = parse_gift(text)
    assert again.errors == [] and again.skipped == []
    assert [same(q) for q in again.questions] == [same(q) for q in specs]


def test_moodles_examples_survive_export_and_import(examples):
    again = parse_gift(export_gift(examples.questions))
    assert [same(q) for q in again.questions] == [same(q) for q in examples.questions]


def test_ordering_reads_the_syntax_of_moodles_ordering_question_type(app):
    source = "::steps::Order them{>3 ALL VERTICAL ABSOLUTE_POSITION\nfirst\nsecond\nthird\n}\n"
    with app.app_context():
        result = parse_gift(source)
        assert [i["text"] for i in result.questions[0].data["items"]] == [
            "first",
            "second",
            "third",
        ]
        subset = parse_gift("Some{>2 RANDOM\na\nb\nc\n}\n")
        assert subset.questions == [] and "only some" in str(subset.skipped[0][1])


# -- the commands and the trainers' page ------------------------------------------------------


def gift_file(tmp_path, text: str, name="questions.gift") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_flask_quizzes_import_gift_and_export_gift(app, make, tmp_path):
    course = make.course()
    quiz = make.quiz(course, questions=[])
    runner = app.test_cli_runner()
    path = DATA / "moodle-fixture.gift"
    result = runner.invoke(args=["quizzes", "import-gift", str(path), "--quiz", str(quiz.id)])
    assert result.exit_code == 0, result.output
    assert "9 question(s) added, 0 replaced, 0 skipped." in result.output
    assert make.get(Quiz, quiz.id).shuffle_choices  # a new quiz shuffles, as Moodle does
    exported = runner.invoke(args=["quizzes", "export-gift", "--quiz", str(quiz.id)])
    assert exported.exit_code == 0
    assert "::Moodle activities::[markdown]Match the **activity** to the description.{" in (
        exported.output
    )
    again = runner.invoke(
        args=["quizzes", "import-gift", str(gift_file(tmp_path, exported.output)), "--quiz",
              str(quiz.id)]
    )  # fmt: skip
    assert "0 question(s) added, 9 replaced" in again.output  # matched by name: no doubles
    assert make.count(Question, quiz_id=quiz.id) == 9


def test_import_gift_with_an_error_imports_nothing(app, make, tmp_path):
    quiz = make.quiz(make.course(), questions=[])
    path = gift_file(tmp_path, "Fine{T}\n\nBroken{=a ~b\n")
    result = app.test_cli_runner().invoke(
        args=["quizzes", "import-gift", str(path), "--quiz", str(quiz.id)]
    )
    assert result.exit_code == 1
    assert "questions.gift:3: A question needs its answers between { and }." in result.output
    assert make.count(Question) == 0


def test_import_gift_names_an_unknown_quiz(app, tmp_path):
    path = gift_file(tmp_path, "Fine{T}\n")
    result = app.test_cli_runner().invoke(args=["quizzes", "import-gift", str(path), "--quiz", "9"])
    assert result.exit_code == 1 and "No quiz has the id 9." in result.output


def test_colons_and_format_tags_become_plain_markdown(app):
    source = (
        "::a\\:b::[html]<p>Is <b>1\\:2</b> a <i>ratio</i>?</p>{T}\n"
        "\n"
        "[plain]Is 2*3 = 6 and [x] a list?{TRUE}\n"
        "\n"
        "[markdown]Is **this** bold?{T}\n"
    )
    with app.app_context():
        html, plain, markdown = parse_gift(source).questions
    assert html.name == "a:b" and html.prompt == "Is **1:2** a *ratio*?"
    assert plain.prompt == "Is 2\\*3 = 6 and \\[x\\] a list?"  # shows as typed
    assert markdown.prompt == "Is **this** bold?"


def test_a_name_used_again_is_numbered_unless_a_package_reads_the_file():
    source = "::q:: One {T}\n\n::q:: Two {F}\n\n::q:: Three {T}\n\n::q (2):: Four {T}\n"
    result = parse_gift(source)
    assert [q.name for q in result.questions] == ["q", "q (3)", "q (4)", "q (2)"]
    assert result.renamed == [(3, "q", "q (3)"), (5, "q", "q (4)")]
    long = "n" * 100
    result = parse_gift(f"::{long}:: One {{T}}\n\n::{long}:: Two {{T}}\n")
    assert result.questions[1].name == "n" * 96 + " (2)"
    strict = parse_gift(source, unique_names=False)
    assert [q.name for q in strict.questions] == ["q", "q", "q", "q (2)"] and not strict.renamed


def test_import_gift_on_the_command_line_renames_and_can_keep_the_order(app, make, tmp_path):
    quiz = make.quiz(make.course(), questions=[])
    path = gift_file(tmp_path, "::q:: One {T}\n\n::q:: Two {F}\n")
    args = ["quizzes", "import-gift", str(path), "--quiz", str(quiz.id), "--no-shuffle-choices"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "questions.gift:3: the name 'q' is used again: imported as 'q (2)'." in result.output
    assert not make.get(Quiz, quiz.id).shuffle_choices
