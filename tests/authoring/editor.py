"""What a trainer's browser sends from the quiz editor's forms."""

from tamkeen.extensions import db
from tamkeen.quizzes.models import Question


def editor_fields(spec: dict) -> dict:
    """The editor's form fields for a question written as course packages write it."""
    fields = {}
    for key, value in spec.items():
        if key == "kind":
            continue
        if isinstance(value, list):
            for index, row in enumerate(value):
                items = {"text": row} if isinstance(row, str) else row
                for name, item in items.items():
                    fields[f"{key}-{index}-{name}"] = "y" if item is True else str(item)
        elif isinstance(value, bool):
            fields[key] = "true" if value else "false"
        else:
            fields[key] = str(value)
    return fields


def new_question(client, quiz_id: int, spec: dict, **extra):
    url = f"/teach/quizzes/{quiz_id}/questions/new?kind={spec['kind']}"
    return client.post_form(url, {**editor_fields(spec), **extra})


def questions_of(app, quiz_id: int, retired: bool = False) -> list[Question]:
    """The quiz's questions in order, detached; with ``retired``, the retired ones too."""
    with app.app_context():
        query = db.select(Question).where(Question.quiz_id == quiz_id)
        if not retired:
            query = query.where(Question.retired_at.is_(None))
        found = list(db.session.scalars(query.order_by(Question.position, Question.id)))
        for question in found:
            db.session.expunge(question)
        return found
