"""Short-answer wildcards match in linear time with exactly the old semantics: ``*`` is any
text, ``\\*`` a star, and both sides are normalised (case, spaces, Arabic variants) first.

The reference is the regular expression Tamkeen used to build, which backtracks: an answer
like ``*a*a*a*a*a*b`` against 120 typed characters took 4.5 s.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tamkeen.quizzes.kinds.base import MAX_ANSWER
from tamkeen.quizzes.kinds.short_answer import (
    matches,
    normalize,
    wildcard_match,
    wildcard_parts,
)

from ..deadlines import deadline

# Letters that normalisation folds together or expands, stars, escapes and spaces.
ALPHABET = st.sampled_from(["a", "b", "A", "*", "\\", " ", "\n", "أ", "ا", "ّ", "٣", "3", "ﬁ", "i"])


def reference(accepted: str, typed: str) -> bool:
    parts = re.split(r"(\\\*|\*)", normalize(accepted))
    regex = "".join(
        ".*" if part == "*" else re.escape("*" if part == "\\*" else part) for part in parts
    )
    return re.fullmatch(regex, normalize(typed), re.DOTALL) is not None


@settings(max_examples=600, deadline=None)
@given(st.text(ALPHABET, max_size=8), st.text(ALPHABET, max_size=12))
def test_wildcards_match_as_the_regular_expression_did(accepted, typed):
    assert matches(accepted, typed) == reference(accepted, typed)


@st.composite
def answer_and_filled_in(draw):
    """An accepted answer, and a text made from it by filling its stars: often a match."""
    accepted = draw(st.text(ALPHABET, max_size=8))
    pieces = re.split(r"(\\\*|\*)", accepted)
    typed = "".join(
        draw(st.text(ALPHABET, max_size=4)) if piece == "*" else piece for piece in pieces
    )
    return accepted, typed


@settings(max_examples=600, deadline=None)
@given(answer_and_filled_in())
def test_filled_in_answers_match_as_the_regular_expression_did(case):
    accepted, typed = case
    assert matches(accepted, typed) == reference(accepted, typed)


def test_adversarial_answers_finish_at_once():
    cases = [
        ("*a*a*a*a*a*b", "a" * 120),
        ("*a*a*a*a*a*a*a*a*a*a*b", "a" * MAX_ANSWER),
        ("*" + "ab*" * 40 + "c", "ab" * (MAX_ANSWER // 2)),
        ("*ﷺ*ﷺ*ﷺ*x", "ﷺ" * MAX_ANSWER),  # one typed letter that normalises to 18
    ]
    with deadline(5):  # a backstop; before, the second case ran for hours
        for accepted, typed in cases:
            assert not matches(accepted, typed)
        assert matches("*a*a*a*a*a*b", "a" * 119 + "b")


class CountingText(str):
    """A typed answer that counts the characters its searches look at."""

    def __init__(self, value):
        super().__init__()
        self.looked_at = 0

    def find(self, part, start=0, end=None):
        found = super().find(part, start, end)
        stop = (len(self) if end is None else end) if found < 0 else found + len(part)
        self.looked_at += stop - start
        return found

    def startswith(self, part, *args):
        self.looked_at += len(part)
        return super().startswith(part, *args)

    def endswith(self, part, *args):
        self.looked_at += len(part)
        return super().endswith(part, *args)


def test_matching_looks_at_each_typed_character_about_once():
    for accepted, typed in [
        ("*a*a*a*a*a*b", "a" * MAX_ANSWER),
        ("x*" + "ab*" * 40 + "c", "x" + "ab" * (MAX_ANSWER // 2)),
        ("*needle*", "hay" * 300 + "needle" + "hay" * 30),
    ]:
        text = CountingText(normalize(typed))
        parts = wildcard_parts(accepted)
        wildcard_match(parts, text)
        assert text.looked_at <= len(text) + sum(len(part) for part in parts)
