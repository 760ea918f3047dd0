"""Writing questions into a quiz: from a course package (the quiz becomes what the package
says) or from a GIFT file (questions are added; a question with the name of one already in
the quiz replaces it). Questions are updated in place, so trainees' answers stay theirs.
"""

from ..admin.services import record_event
from ..extensions import db
from .gift import GiftResult, parse_gift
from .gift_export import export_gift
from .models import Question, Quiz
from .spec import QuestionSpec


def _update(question: Question, position: int, spec: QuestionSpec) -> None:
    question.position, question.kind, question.name = position, spec.kind, spec.name
    question.prompt, question.data = spec.prompt, spec.data
    question.points, question.feedback = spec.points, spec.feedback


def _new(quiz: Quiz, spec: QuestionSpec) -> Question:
    question = Question(quiz=quiz, kind=spec.kind, prompt=spec.prompt, data=spec.data)
    db.session.add(question)
    return question


def write_questions(quiz: Quiz, specs: list[QuestionSpec]) -> None:
    """Make the quiz's questions those of ``specs``, matched by name, or by place if unnamed."""
    existing = {}
    for position, question in enumerate(quiz.questions, start=1):
        key = f"name:{question.name}" if question.name else f"position:{position}"
        existing[key] = question
    wanted = []
    for position, spec in enumerate(specs, start=1):
        question = existing.pop(spec.key(position), None) or _new(quiz, spec)
        _update(question, position, spec)
        wanted.append(question)
    quiz.questions = wanted  # the others are orphans, deleted with their answers
    db.session.flush()


def add_questions(quiz: Quiz, specs: list[QuestionSpec]) -> tuple[int, int]:
    """Add ``specs`` to the quiz, replacing same-named questions; (added, replaced)."""
    by_name = {question.name: question for question in quiz.questions if question.name}
    added = replaced = 0
    for spec in specs:
        question = by_name.get(spec.name) if spec.name else None
        if question is None:
            question = _new(quiz, spec)  # appended to quiz.questions
            position = len(quiz.questions)
            added += 1
        else:
            position = question.position
            replaced += 1
        _update(question, position, spec)
    db.session.flush()
    return added, replaced


def import_gift(actor, quiz: Quiz, text: str) -> tuple[GiftResult, int, int]:
    """Read a GIFT file into the quiz; nothing is written when any question is broken."""
    result = parse_gift(text)
    if result.errors:
        return result, 0, 0
    added, replaced = add_questions(quiz, result.questions)
    record_event(actor, "quiz.gift_imported", quiz)
    return result, added, replaced


def quiz_as_gift(quiz: Quiz) -> str:
    return export_gift(quiz.questions)
