"""Quizzes in course packages: `flask courses import` loads them (YAML or GIFT), reports every
problem with its file and line, imports nothing on error, and updates in place."""

import textwrap

import pytest
import yaml

from tamkeen.extensions import db
from tamkeen.quizzes.models import Attempt, Question, Quiz, Response

from ..authoring.helpers import run_import
from ..factories import EVERY_KIND
from .helpers import COURSE, FINAL, FIRST, right_form, take, write_package


def quizzes_of(app):
    with app.app_context():
        quizzes = db.session.scalars(db.select(Quiz).order_by(Quiz.id)).all()
        return [
            (q.module.slug if q.module else None, q.title, [x.name for x in q.questions])
            for q in quizzes
        ]


def test_a_package_brings_its_module_quizzes_and_its_final_quiz(app, tmp_path):
    result = run_import(app, write_package(tmp_path / "sample"))
    assert result.exit_code == 0, result.output
    found = quizzes_of(app)
    assert found[0] == ("first", "Check the first module", [q["name"] for q in EVERY_KIND])
    assert found[1] == ("second", "", ["one", "two"])
    assert found[2] == (None, "Final assessment", ["", "", ""])
    with app.app_context():
        final = db.session.scalar(db.select(Quiz).where(Quiz.module_id.is_(None)))
        settings = (final.time_limit_minutes, final.draw, final.shuffle_questions, final.feedback,
                    final.counts, final.pass_mark)  # fmt: skip
    assert settings == (20, 2, True, "after_pass", "last", 70)


def test_reimport_updates_in_place_and_keeps_attempts(
    app, client, make, signed_in_trainee, tmp_path
):
    package = write_package(tmp_path / "sample")
    run_import(app, package)
    with app.app_context():
        quiz = db.session.scalar(db.select(Quiz).where(Quiz.title == "Check the first module"))
        course = quiz.course
        _ = [q.data for q in quiz.questions], course.modules
        db.session.expunge_all()
    make.enrol(signed_in_trainee, course)
    take(client, quiz, right_form)
    changed = dict(FIRST, pass_mark=80, questions=[dict(EVERY_KIND[0], prompt="Reworded?")]
                   + EVERY_KIND[1:6])  # fmt: skip
    (package / "quizzes/first.yaml").write_text(yaml.safe_dump(changed, sort_keys=False))
    result = run_import(app, package)
    assert result.exit_code == 0, result.output
    with app.app_context():
        again = db.session.get(Quiz, quiz.id)
        assert again.pass_mark == 80
        assert [q.prompt for q in again.questions][0] == "Reworded?"
        assert [q.id for q in again.questions] == [q.id for q in quiz.questions[:6]]
    assert make.count(Attempt) == 1
    assert make.count(Response) == 6  # the removed question's answer went with it
    assert make.count(Question, quiz_id=quiz.id) == 6


def test_a_quiz_removed_from_the_package_is_removed(app, tmp_path):
    package = write_package(tmp_path / "sample")
    run_import(app, package)
    (package / "course.yaml").write_text(COURSE.replace("final_quiz: quizzes/final.yaml\n", ""))
    assert run_import(app, package).exit_code == 0
    assert [slug for slug, _title, _q in quizzes_of(app)] == ["first", "second"]


BROKEN_FIRST = """\
title: Check
pass_mark: 170
shufle_choices: true
questions:
  - kind: single_choice
    prompt: Which?
    choices:
      - text: A
      - text: B
  - kind: poll
    prompt: Tell us.
  - kind: numeric
    prompt: How many?
    answers:
      - value: ten
"""


@pytest.mark.parametrize(
    ("files", "where", "message"),
    [
        ({"quizzes__first.yaml": BROKEN_FIRST}, "quizzes/first.yaml:2", "pass_mark must be from"),
        ({"quizzes__first.yaml": BROKEN_FIRST}, "quizzes/first.yaml:3", "Unknown key: shufle"),
        ({"quizzes__first.yaml": BROKEN_FIRST}, "quizzes/first.yaml:7", "exactly one correct"),
        ({"quizzes__first.yaml": BROKEN_FIRST}, "quizzes/first.yaml:10", "Unknown question kind"),
        ({"quizzes__first.yaml": BROKEN_FIRST}, "quizzes/first.yaml:15", "value must be a number"),
        ({"quizzes__first.yaml": "title: [oops\n"}, "quizzes/first.yaml:2", "Broken YAML"),
        ({"quizzes__second.gift": None}, "course.yaml:13", "quizzes/second.gift does not exist"),
        ({"quizzes__second.gift": "Broken {=a\n"}, "quizzes/second.gift:1", "between { and }"),
        (
            {"quizzes__second.gift": '::p::[html]See <img src="x.png">{T}\n'},
            "quizzes/second.gift:1",
            "image",
        ),
        (
            {"quizzes__final.yaml": FINAL.replace("final-questions", "../../etc/passwd")},
            "quizzes/final.yaml:7",
            "leaves the package folder",
        ),
        ({"quizzes__final.yaml": FINAL + "questions: []\n"}, "quizzes/final.yaml:1", "not both"),
        (
            {"quizzes__final.yaml": FINAL.replace("draw: 2", "draw: 9")},
            "quizzes/final.yaml:3",
            "draw asks for 9 questions but the quiz has 3",
        ),
        (
            {"quizzes__second.gift": "::same::A{T}\n\n::same::B{F}\n"},
            "quizzes/second.gift:3",
            "Two questions have the name same",
        ),
    ],
)
def test_every_problem_is_reported_with_its_file_and_line_and_nothing_imported(
    app, make, tmp_path, files, where, message
):
    package = write_package(tmp_path / "sample", **files)
    result = run_import(app, package)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(f"sample/{where}")]
    assert any(message in line for line in lines), result.output
    assert make.count(Quiz) == 0 and make.count(Question) == 0


def test_quiz_files_are_read_as_utf8_in_arabic(app, tmp_path):
    arabic = textwrap.dedent(
        """\
        title: اختبار الوحدة
        questions:
          - kind: short_answer
            prompt: ما رقم القانون؟
            answers:
              - text: "31.13"
        """
    )
    result = run_import(app, write_package(tmp_path / "sample", **{"quizzes__first.yaml": arabic}))
    assert result.exit_code == 0, result.output
    assert quizzes_of(app)[0][1] == "اختبار الوحدة"
