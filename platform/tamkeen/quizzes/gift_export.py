"""Questions written as GIFT (see gift.py): what ``parse_gift`` reads back as the same questions.

Texts are Markdown, so each question says ``[markdown]``; weights are written in full so
that nothing is rounded away; points other than 1 go in a ``// points:`` comment. Each
question kind writes its own answers (``Kind.gift_answers``): an essay is empty braces
``{}``, a description has no braces at all, as Moodle writes them.
"""

from collections.abc import Iterable
from typing import Any

from .gift_syntax import escape, number
from .kinds import KINDS


def export_question(question: Any) -> str:
    """One question (anything with kind, name, prompt, data, points, feedback) as GIFT."""
    kind = KINDS[question.kind]
    head = []
    if question.points != 1 and kind.takes_answer:
        head.append(f"// points: {number(question.points)}")
    name = f"::{escape(question.name)}::" if question.name else ""
    lines = kind.gift_answers(question.data)
    if question.feedback and kind.takes_answer:  # a description has no braces to hold it
        lines.append("####" + escape(question.feedback))
    body = "\n\t".join(lines)
    opening, closing = kind.gift_braces
    return "\n".join(head + [f"{name}[markdown]{escape(question.prompt)}{opening}{body}{closing}"])


def export_gift(questions: Iterable[Any]) -> str:
    return "\n\n".join(export_question(question) for question in questions) + "\n"
