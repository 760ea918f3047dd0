"""Grading properties that hold for every question hypothesis can write: a score stays within
[0, points], the right answer gets full points, and shuffling never changes a grade."""

from random import Random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tamkeen.quizzes.kinds import KINDS, Checker
from tamkeen.quizzes.spec import read_question

WORDS = (
    st.text(
        alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFG-0123456789أإآاةهىيبتثجحخ"),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
POINTS = st.sampled_from([0.5, 1, 2, 3, 10])


def unique_words(minimum: int, maximum: int):
    return st.lists(WORDS, min_size=minimum, max_size=maximum, unique_by=str.casefold)


@st.composite
def single_choice(draw):
    texts = draw(unique_words(2, 6))
    right = draw(st.integers(0, len(texts) - 1))
    choices = []
    for index, text in enumerate(texts):
        choice = {"text": text, "correct": index == right}
        if index != right and draw(st.booleans()):
            choice["weight"] = draw(st.integers(-100, 99))
        choices.append(choice)
    return {"kind": "single_choice", "choices": choices}


@st.composite
def multiple_response(draw):
    texts = draw(unique_words(2, 6))
    right = draw(st.lists(st.integers(0, len(texts) - 1), min_size=1, unique=True))
    choices = [{"text": t, "correct": i in right} for i, t in enumerate(texts)]
    return {"kind": "multiple_response", "choices": choices}


@st.composite
def true_false(draw):
    return {"kind": "true_false", "answer": draw(st.booleans())}


@st.composite
def short_answer(draw):
    texts = draw(unique_words(1, 4))
    answers = [{"text": t, "weight": draw(st.integers(0, 100))} for t in texts]
    answers[draw(st.integers(0, len(answers) - 1))]["weight"] = 100
    return {"kind": "short_answer", "answers": answers}


@st.composite
def numeric(draw):
    answers = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            low = draw(st.integers(-1000, 1000))
            answers.append({"min": low, "max": low + draw(st.integers(0, 50))})
        else:
            value = draw(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
            answers.append({"value": value, "tolerance": draw(st.sampled_from([0, 0.5, 2]))})
    answers[-1]["weight"] = 100
    for answer in answers[:-1]:
        answer["weight"] = draw(st.integers(0, 99))
    return {"kind": "numeric", "answers": answers}


@st.composite
def matching(draw):
    prompts = draw(unique_words(2, 5))
    matches = draw(st.lists(WORDS, min_size=len(prompts), max_size=len(prompts)))
    spec = {
        "kind": "matching",
        "pairs": [{"prompt": p, "match": m} for p, m in zip(prompts, matches, strict=True)],
    }
    extra = [w for w in draw(unique_words(0, 2)) if w not in matches] if draw(st.booleans()) else []
    if extra:
        spec["distractors"] = extra
    return spec


@st.composite
def ordering(draw):
    return {"kind": "ordering", "items": draw(unique_words(2, 6))}


@st.composite
def questions(draw):
    spec = draw(st.one_of(single_choice(), multiple_response(), true_false(), short_answer(),
                          numeric(), matching(), ordering()))  # fmt: skip
    spec.update(prompt="A question?", points=draw(POINTS))
    problems: list = []
    question = read_question(spec, Checker(lambda line, message: problems.append(message)))
    # Generated questions an author could not import (an earlier answer catching the right
    # one) are refused at import: the properties are about questions that exist.
    assume(not problems)
    return spec, question


def ids(data: dict) -> list[str]:
    found = []
    for key in ("choices", "items", "distractors", "answers"):
        found += [item["id"] for item in data.get(key, [])]
    for pair in data.get("pairs", []):
        found += [pair["id"], pair["match_id"]]
    return found


@st.composite
def any_answer(draw, data: dict, kind: str):
    """Answers honest or not: known ids, forged ones, text, numbers, nothing."""
    known = ids(data) + ["forged", ""]
    if kind in ("single_choice",):
        return draw(st.one_of(st.none(), st.sampled_from(known)))
    if kind == "multiple_response":
        return draw(st.lists(st.sampled_from(known), unique=True))
    if kind == "true_false":
        return draw(st.one_of(st.none(), st.booleans()))
    if kind in ("short_answer", "numeric"):
        return draw(st.one_of(st.text(max_size=20), st.floats().map(str), st.integers().map(str)))
    if kind == "matching":
        keys = [pair["id"] for pair in data["pairs"]] + ["forged"]
        return draw(st.dictionaries(st.sampled_from(keys), st.sampled_from(known)))
    keys = [item["id"] for item in data["items"]]
    return draw(st.dictionaries(st.sampled_from(keys), st.integers(-2, 8)))


# The first text strategy builds Hypothesis's Unicode tables (a second or two, once).
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_score_stays_within_zero_and_the_points(data):
    _spec, question = data.draw(questions())
    kind = KINDS[question.kind]
    answer = data.draw(any_answer(question.data, question.kind))
    assert 0 <= kind.score(question.data, answer, question.points) <= question.points


@given(questions())
def test_the_right_answer_gets_full_points(generated):
    _spec, question = generated
    kind = KINDS[question.kind]
    right = kind.right_answer(question.data)
    assert kind.score(question.data, right, question.points) == question.points


@given(st.data())
def test_shuffling_the_choices_never_changes_a_grade(data):
    spec, question = data.draw(questions())
    kind = KINDS[question.kind]
    answer = data.draw(any_answer(question.data, question.kind))
    listed = {"single_choice": "choices", "multiple_response": "choices", "matching": "pairs"}
    key = listed.get(question.kind)
    if key:  # the author lists the choices in another order: same ids, same grade
        shuffled = dict(spec, **{key: data.draw(st.permutations(spec[key]))})
        again = read_question(shuffled, Checker(lambda line, message: None))
        assert kind.grade(again.data, answer) == kind.grade(question.data, answer)
    seed = data.draw(st.integers(0, 2**31))
    view = kind.display(question.data, answer, Random(seed), True)
    assert kind.grade(question.data, answer) == kind.grade(question.data, answer)
    assert view  # every kind can show every answer, whatever the order drawn


@given(st.data())
def test_an_ordering_answered_right_is_right_whatever_order_it_was_shown_in(data):
    items = data.draw(unique_words(2, 7))
    question = read_question({"kind": "ordering", "prompt": "?", "items": items}, Checker(print))
    kind = KINDS["ordering"]
    shown = kind.display(question.data, None, Random(data.draw(st.integers())), True)["items"]
    answer = {item["id"]: items.index(item["text"]) + 1 for item in shown}
    assert kind.grade(question.data, answer) == 1
