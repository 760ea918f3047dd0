"""Writing questions into a quiz: from a course package (the quiz becomes what the package
says), from a GIFT or Moodle XML file (questions are added; a question with the name of one
already in the quiz replaces it) or from the trainers' editor.

A question trainees have answered keeps its meaning for them. Its wording (prompt, name,
feedback) changes in place; a change to how it is graded (its choices or answers, their
order, its points) retires it and a new question takes its place, so that attempts keep
the version they answered, with their choice ids, scores and statistics.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from .gift import GiftResult, parse_gift
from .gift_export import export_gift
from .models import Question, Quiz, Response
from .moodle_xml import MoodleXmlResult, parse_moodle_xml
from .spec import QuestionSpec


def _graded(value: Any) -> Any:
    """What grading reads: the data without its feedback texts."""
    if isinstance(value, dict):
        return {k: _graded(v) for k, v in value.items() if not k.startswith("feedback")}
    if isinstance(value, list):
        return [_graded(item) for item in value]
    return value


def changes_grading(question: Question, spec: QuestionSpec) -> bool:
    """Whether ``spec`` would grade answers differently from ``question`` (or change ids)."""
    return (question.kind, _graded(question.data), question.points) != (
        spec.kind,
        _graded(spec.data),
        spec.points,
    )


def answered_ids(questions: Iterable[Question]) -> set[int]:
    """The questions, among ``questions``, that some attempt holds an answer to."""
    ids = [question.id for question in questions if question.id is not None]
    if not ids:
        return set()
    query = select(Response.question_id).where(Response.question_id.in_(ids)).distinct()
    return set(db.session.scalars(query))


def retire(quiz: Quiz, questions: list[Question]) -> None:
    """Take ``questions`` out of the quiz; the attempts that hold them keep them."""
    if not questions:
        return
    now = utcnow()
    for question in questions:
        question.retired_at = now
    db.session.flush()
    db.session.expire(quiz, ["questions"])  # reloads without them; nothing is deleted


def _update(question: Question, position: int, spec: QuestionSpec) -> None:
    question.position, question.kind, question.name = position, spec.kind, spec.name
    question.prompt, question.data = spec.prompt, spec.data
    question.points, question.feedback = spec.points, spec.feedback


def _new(quiz: Quiz, spec: QuestionSpec, position: int) -> Question:
    question = Question(quiz=quiz, position=position)
    _update(question, position, spec)
    db.session.add(question)
    return question


def renumber(quiz: Quiz) -> None:
    for position, question in enumerate(quiz.questions, start=1):
        question.position = position


def write_questions(quiz: Quiz, specs: list[QuestionSpec]) -> None:
    """Make the quiz's questions those of ``specs``, matched by name, or by place if unnamed."""
    existing = {}
    for position, question in enumerate(quiz.questions, start=1):
        key = f"name:{question.name}" if question.name else f"position:{position}"
        existing[key] = question
    matched = [existing.pop(spec.key(position), None) for position, spec in enumerate(specs, 1)]
    answered = answered_ids(quiz.questions)
    changed = [
        question
        for question, spec in zip(matched, specs, strict=True)
        if question is not None and question.id in answered and changes_grading(question, spec)
    ]
    retire(quiz, changed)
    wanted = []
    for position, (question, spec) in enumerate(zip(matched, specs, strict=True), start=1):
        if question is None or question in changed:
            question = _new(quiz, spec, position)
        _update(question, position, spec)
        wanted.append(question)
    quiz.questions = wanted  # the others are orphans, deleted with their answers
    db.session.flush()


def add_question(quiz: Quiz, spec: QuestionSpec) -> Question:
    """A new question at the end of the quiz."""
    question = _new(quiz, spec, len(quiz.questions) + 1)
    quiz.questions.append(question)
    db.session.flush()
    return question


def revise_question(question: Question, spec: QuestionSpec) -> Question:
    """Give ``question`` the content of ``spec``; the question that now holds it.

    If trainees answered it and ``spec`` grades differently, the answered version is
    retired and a new question takes its place in the quiz.
    """
    quiz = question.quiz
    if changes_grading(question, spec) and answered_ids([question]):
        index = quiz.questions.index(question)
        retire(quiz, [question])
        position = question.position
        questions = quiz.questions  # loaded before the new question joins the session
        question = _new(quiz, spec, position)
        questions.insert(index, question)
    _update(question, quiz.questions.index(question) + 1, spec)
    db.session.flush()
    return question


def add_questions(quiz: Quiz, specs: list[QuestionSpec]) -> tuple[int, int]:
    """Add ``specs`` to the quiz, replacing same-named questions; (added, replaced)."""
    by_name = {question.name: question for question in quiz.questions if question.name}
    added = replaced = 0
    for spec in specs:
        question = by_name.get(spec.name) if spec.name else None
        if question is None:
            add_question(quiz, spec)
            added += 1
        else:
            by_name[spec.name] = revise_question(question, spec)
            replaced += 1
    return added, replaced


def gift_shuffles_by_default(quiz: Quiz) -> bool:
    """Moodle shuffles choices: so does an import, unless the trainer already chose not to."""
    return quiz.shuffle_choices or not quiz.questions


def import_gift(
    quiz: Quiz, text: str, *, by: Any, shuffle_choices: bool | None = None
) -> tuple[GiftResult, int, int]:
    """Read a GIFT file into the quiz; nothing is written when any question is broken.

    ``shuffle_choices``, when given, becomes the quiz's setting (GIFT writes the right
    answer first, and Moodle shuffles choices unless told not to).
    """
    result = parse_gift(text)
    if result.errors:
        return result, 0, 0
    added, replaced = add_questions(quiz, result.questions)
    if shuffle_choices is not None:
        quiz.shuffle_choices = shuffle_choices
    record_event(by, "quiz.gift_imported", quiz)
    return result, added, replaced


def import_moodle_xml(
    quiz: Quiz, data: bytes, *, by: Any, shuffle_choices: bool | None = None
) -> tuple[MoodleXmlResult, int, int]:
    """Read a Moodle XML file into the quiz, as ``import_gift`` does a GIFT file.

    A file that cannot be read raises ``moodle_xml.Refused`` before anything is written;
    questions Tamkeen cannot represent are skipped (``result.skipped``), the others added.
    """
    result = parse_moodle_xml(data)
    added, replaced = add_questions(quiz, result.questions)
    if shuffle_choices is not None:
        quiz.shuffle_choices = shuffle_choices
    if added or replaced:
        record_event(by, "quiz.moodle_xml_imported", quiz)
    return result, added, replaced


def quiz_as_gift(quiz: Quiz) -> str:
    return export_gift(quiz.questions)
