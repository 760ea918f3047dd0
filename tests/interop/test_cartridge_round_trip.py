"""Issue 22's check: a Tamkeen course exported as a Common Cartridge (cc22's exporter) and
imported again (this branch's reader) has the same lessons and quizzes, text compared after
normalising (whitespace, Markdown escapes). Only what a cartridge can hold is compared: the
kinds the CC QTI profiles express, without partial weights."""

import re

import pytest
from sqlalchemy import select

from tamkeen.authoring import services
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson
from tamkeen.quizzes.models import Quiz

QUESTIONS = [
    {"kind": "single_choice", "name": "first-text", "points": 2,
     "prompt": "Which text first proclaimed the right to **seek** information?",
     "choices": [{"text": "The Universal Declaration", "correct": True, "feedback": "Yes."},
                 {"text": "The Press Code", "feedback": "Much later."}],
     "feedback": "Article 19."},
    {"kind": "multiple_response", "name": "three-part-test",
     "prompt": "Which are parts of the three-part test?",
     "choices": [{"text": "Provided by law", "correct": True},
                 {"text": "A legitimate aim", "correct": True},
                 {"text": "A majority vote"}]},
    {"kind": "true_false", "name": "law-31-13",
     "prompt": "Law 31-13 is about access to information.", "answer": True,
     "feedback_true": "Right.", "feedback_false": "Look again."},
    {"kind": "short_answer", "name": "year",
     "prompt": "In which year was the Constitution adopted?",
     "answers": [{"text": "2011"}, {"text": "twenty eleven"}]},
    {"kind": "short_answer", "name": "app", "prompt": "Name an app that encrypts messages.",
     "answers": [{"text": "*signal*"}]},
]  # fmt: skip
FINAL = [
    {"kind": "true_false", "name": "final", "prompt": "Every restriction must be provided by law.",
     "answer": True},
]  # fmt: skip
BODIES = {
    "lesson-1-1": "## The right\n\nThe right to **seek**, *receive* and impart information.\n\n"
    "- Provided by law\n- A legitimate aim\n\nNext: [the test](lesson:lesson-1-2), or "
    "[the UN](https://www.ohchr.org/).",
    "lesson-1-2": "## The test\n\n1. Law\n2. Aim\n3. Necessity",
}


def _norm(text: str) -> str:
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", text or "")
    return " ".join(text.split())


def _choices(data: dict) -> list:
    return [
        (_norm(c["text"]), bool(c.get("correct")) or (c.get("weight") or 0) > 0)
        for c in data.get("choices", [])
    ]


def _snapshot(app, slug: str) -> dict:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        modules = [
            (module.title, [(lesson.title, _norm(lesson.body)) for lesson in module.lessons])
            for module in course.modules
        ]
        quizzes = {}
        for quiz in db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)):
            place = quiz.module.title if quiz.module else "final"
            quizzes[place] = [
                (
                    question.name,
                    question.kind,
                    _norm(question.prompt),
                    question.points,
                    _norm(question.feedback),
                    _choices(question.data),
                    question.data.get("answer"),
                    [_norm(a["text"]) for a in question.data.get("answers", [])],
                )
                for question in quiz.questions
            ]
        return {"language": course.language, "title": course.title, "modules": modules,
                "quizzes": quizzes}  # fmt: skip


@pytest.mark.parametrize("version", ["1.1", "1.3"])
def test_a_course_comes_back_from_its_cartridge(app, make, tmp_path, version):
    from tamkeen.interop.cartridge.exporter import build_cartridge

    course = make.course("Freedom of expression", language="fr", modules=2, lessons=2)
    with app.app_context():
        for slug, body in BODIES.items():
            db.session.scalar(
                select(Lesson).where(Lesson.course_id == course.id, Lesson.slug == slug)
            ).body = body
        db.session.commit()
    make.quiz(course, questions=QUESTIONS)
    make.quiz(course, questions=FINAL, final=True)
    before = _snapshot(app, course.slug)
    with app.app_context():
        cartridge = build_cartridge(services.course_for_editing(course.id), version=version)
        path = tmp_path / "course.imscc"
        path.write_bytes(cartridge.data)
        db.session.delete(db.session.get(Course, course.id))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["courses", "import-cc", str(path)])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output  # the course holds only what a cartridge can
    after = _snapshot(app, "freedom-of-expression")
    assert after == before
