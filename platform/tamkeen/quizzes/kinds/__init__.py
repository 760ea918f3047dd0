"""The question kinds, a registry: one module per kind (see base.py for what each declares)."""

from .base import MAX_ESSAY, AnswerError, Checker, InvalidAnswer, Kind, is_answered
from .description import KIND as DESCRIPTION
from .essay import KIND as ESSAY
from .matching import KIND as MATCHING
from .multiple_response import KIND as MULTIPLE_RESPONSE
from .numeric import KIND as NUMERIC
from .ordering import KIND as ORDERING
from .short_answer import KIND as SHORT_ANSWER
from .single_choice import KIND as SINGLE_CHOICE
from .true_false import KIND as TRUE_FALSE

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        SINGLE_CHOICE,
        MULTIPLE_RESPONSE,
        TRUE_FALSE,
        SHORT_ANSWER,
        NUMERIC,
        MATCHING,
        ORDERING,
        ESSAY,
        DESCRIPTION,
    )
}

__all__ = ["KINDS", "MAX_ESSAY", "AnswerError", "Checker", "InvalidAnswer", "Kind", "is_answered"]
