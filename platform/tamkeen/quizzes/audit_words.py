"""The quizzes' lines of the audit log in words, and how the log names a quiz or one of
its questions (by its quiz: never "Question 475")."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..audit import describe_actions, describe_targets
from .models import Question, Quiz


def register_audit_words() -> None:
    describe_actions(
        {
            "quiz.created": _l("created a quiz"),
            "quiz.updated": _l("changed a quiz's settings"),
            "quiz.published": _l("published a quiz"),
            "quiz.deleted": _l("deleted a quiz"),
            "quiz.gift_imported": _l("imported questions from a GIFT file"),
            "quiz.moodle_xml_imported": _l("imported questions from a Moodle XML file"),
            "quiz.extra_time_set": _l("gave a person extra time on the course's timed quizzes"),
            "quiz.extra_time_removed": _l("took away a person's extra time on timed quizzes"),
            "quiz.essay_graded": _l("graded an essay answer"),
            "question.created": _l("added a question"),
            "question.updated": _l("changed a question"),
            "question.replaced": _l("changed a question already answered (a new version)"),
            "question.moved": _l("moved a question"),
            "question.deleted": _l("deleted a question"),
        }
    )
    describe_targets(Quiz, _quiz_words, _l("a deleted quiz"), load=[joinedload(Quiz.course)])
    describe_targets(
        Question,
        lambda question: _("a question of %(quiz)s", quiz=_quiz_words(question.quiz)),
        _l("a deleted question"),
        load=[joinedload(Question.quiz).joinedload(Quiz.course)],
    )


def _quiz_words(quiz: Quiz) -> str:
    title = quiz.title or _("the quiz")
    return _("“%(quiz)s” in “%(course)s”", quiz=title, course=quiz.course.title)
