"""Each question kind: how it reads its data, parses an answer, and grades it (pure)."""

import pytest
from werkzeug.datastructures import MultiDict

from tamkeen.quizzes.kinds import KINDS, AnswerError, Checker, InvalidAnswer
from tamkeen.quizzes.kinds.numeric import parse_number
from tamkeen.quizzes.kinds.short_answer import matches, normalize

from ..factories import EVERY_KIND, read_specs


def data_of(item: dict) -> dict:
    return read_specs([item])[0].data


def problems_of(item: dict) -> list[str]:
    from tamkeen.quizzes.spec import read_question

    found: list[str] = []
    read_question(item, Checker(lambda line, message: found.append(str(message))))
    return found


def by_text(data: dict, text: str, key: str = "choices") -> str:
    return next(item["id"] for item in data[key] if item["text"] == text)


def grade(kind: str, data: dict, answer) -> float:
    return KINDS[kind].grade(data, answer)


# -- single choice -------------------------------------------------------------------------


def test_single_choice_gives_full_points_for_the_correct_choice_only():
    data = data_of(EVERY_KIND[0])
    assert grade("single_choice", data, by_text(data, "The Universal Declaration")) == 1
    assert grade("single_choice", data, by_text(data, "Law 88-13")) == 0
    assert grade("single_choice", data, None) == 0
    assert grade("single_choice", data, "not-a-choice") == 0


def test_single_choice_weights_give_partial_credit_and_never_less_than_nothing():
    data = data_of(
        {
            "kind": "single_choice",
            "prompt": "Where was he from?",
            "choices": [
                {"text": "Nazareth", "correct": True},
                {"text": "Galilee", "weight": 50},
                {"text": "Rome", "weight": -100},
            ],
        }
    )
    assert grade("single_choice", data, by_text(data, "Galilee")) == 0.5
    assert grade("single_choice", data, by_text(data, "Rome")) == 0


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([{"text": "A"}, {"text": "B"}], "exactly one correct choice"),
        ([{"text": "A", "correct": True}, {"text": "B", "correct": True}], "exactly one"),
        ([{"text": "A", "correct": True}], "at least 2"),
        ([{"text": "A", "correct": True}, {"text": "A"}], "The same text appears twice"),
        ([{"text": "A", "correct": True}, {"text": "B", "colour": "red"}], "Unknown key: colour"),
    ],
)
def test_single_choice_data_is_checked(choices, message):
    problems = problems_of({"kind": "single_choice", "prompt": "?", "choices": choices})
    assert any(message in problem for problem in problems), problems


def test_single_choice_refuses_a_choice_that_is_not_in_the_question():
    data = data_of(EVERY_KIND[0])
    kind = KINDS["single_choice"]
    assert kind.parse(data, MultiDict({"answer": by_text(data, "Law 88-13")}))
    assert kind.parse(data, MultiDict({})) is None
    with pytest.raises(InvalidAnswer):
        kind.parse(data, MultiDict({"answer": "forged"}))


# -- multiple response ---------------------------------------------------------------------


def test_multiple_response_gives_partial_credit_and_wrong_picks_subtract():
    data = data_of(EVERY_KIND[1])
    law, aim = by_text(data, "Provided by law"), by_text(data, "A legitimate aim")
    majority = by_text(data, "Approved by a majority")
    assert grade("multiple_response", data, [law, aim]) == 1
    assert grade("multiple_response", data, [law]) == 0.5
    assert grade("multiple_response", data, [law, aim, majority]) == 0
    assert grade("multiple_response", data, [law, majority]) == 0  # never below 0
    assert grade("multiple_response", data, []) == 0


def test_multiple_response_with_three_correct_choices_still_reaches_full_points():
    data = data_of(
        {
            "kind": "multiple_response",
            "prompt": "?",
            "choices": [{"text": t, "correct": True} for t in "ABC"] + [{"text": "D"}],
        }
    )
    right = KINDS["multiple_response"].right_answer(data)
    assert grade("multiple_response", data, right) == 1


def test_multiple_response_explicit_weights_must_add_up_to_100():
    choices = [{"text": "A", "weight": 50}, {"text": "B", "weight": 40}, {"text": "C"}]
    problems = problems_of({"kind": "multiple_response", "prompt": "?", "choices": choices})
    assert any("add up to 100" in p for p in problems)


def test_multiple_response_weights_equal_to_the_defaults_are_the_defaults():
    plain = data_of(EVERY_KIND[1])
    weighted = data_of(
        {
            "kind": "multiple_response",
            "prompt": "Which are part of the three-part test?",
            "choices": [
                {"text": "Provided by law", "weight": 50},
                {"text": "A legitimate aim", "weight": 50},
                {
                    "text": "Approved by a majority",
                    "weight": -100,
                    "feedback": "Majorities cannot remove rights.",
                },
            ],
        }
    )
    assert weighted == plain


def test_multiple_response_refuses_unknown_choices():
    data = data_of(EVERY_KIND[1])
    form = MultiDict([("answer", by_text(data, "Provided by law")), ("answer", "forged")])
    with pytest.raises(InvalidAnswer):
        KINDS["multiple_response"].parse(data, form)


# -- true or false -------------------------------------------------------------------------


def test_true_false_grades_the_statement_and_refuses_other_values():
    data = data_of(EVERY_KIND[2])
    kind = KINDS["true_false"]
    assert grade("true_false", data, False) == 1
    assert grade("true_false", data, True) == 0
    assert grade("true_false", data, None) == 0
    assert kind.parse(data, MultiDict({"answer": "false"})) is False
    with pytest.raises(InvalidAnswer):
        kind.parse(data, MultiDict({"answer": "maybe"}))


def test_true_false_needs_a_boolean_answer():
    problems = problems_of({"kind": "true_false", "prompt": "?", "answer": "yes"})
    assert any("answer must be true or false" in p for p in problems)


# -- short answer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [
        ("Rabat", "  rabat "),
        ("Human  rights", "human rights"),
        ("الرباط", "الرَّبَاط"),  # tashkeel
        ("القانون", "القــانون"),  # tatweel
        ("أحمد", "احمد"),  # hamza on alef
        ("إعلان", "اعلان"),
        ("القرآن", "القران"),  # madda
        ("جمعية", "جمعيه"),  # taa marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("31.13", "٣١.١٣"),  # Arabic-Indic digits
        ("Naz*th", "Nazareth"),  # a wildcard, as in Moodle
    ],
)
def test_short_answer_ignores_case_space_and_arabic_variants(accepted, typed):
    assert matches(accepted, typed)


def test_short_answer_still_tells_different_words_apart():
    assert not matches("Rabat", "Rabbat")
    assert not matches("88-13", "88-31")
    assert not matches("5*", "6")
    assert matches("5\\*", "5*") and not matches("5\\*", "55")
    assert normalize("ٱلْعَرَبِيَّة") == normalize("العربيه")


def test_short_answer_gives_the_weight_of_the_first_matching_answer():
    data = data_of(EVERY_KIND[3])
    assert grade("short_answer", data, "88-13") == 1
    assert grade("short_answer", data, " 8813") == 0.5
    assert grade("short_answer", data, "1913") == 0
    assert grade("short_answer", data, "") == 0


def test_short_answer_catch_all_is_worth_nothing_but_gives_feedback():
    data = data_of(
        {
            "kind": "short_answer",
            "prompt": "?",
            "answers": [{"text": "Frog"}, {"text": "*", "feedback": "Completely wrong"}],
        }
    )
    assert grade("short_answer", data, "cat") == 0
    assert KINDS["short_answer"].display(data, "cat", None, False)["matched"]["feedback"]


def test_short_answer_needs_one_full_answer():
    items = [{"text": "almost", "weight": 50}]
    problems = problems_of({"kind": "short_answer", "prompt": "?", "answers": items})
    assert any("worth 100" in p for p in problems)


# -- numeric -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [("12", 12), (" 3.5 ", 3.5), ("3,5", 3.5), ("١٢", 12), ("١٫٥", 1.5), ("1,234.5", 1234.5)],
)
def test_numbers_are_read_as_people_type_them(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["twelve", "1.2.3", "", "inf", "nan", "1e999"])
def test_what_is_not_a_number_is_not_read_as_one(typed):
    assert parse_number(typed) is None


def test_numeric_accepts_a_tolerance_a_range_and_several_answers():
    data = data_of(
        {
            "kind": "numeric",
            "prompt": "Grant?",
            "answers": [
                {"value": 1822, "tolerance": 0},
                {"value": 1822, "tolerance": 2, "weight": 50, "feedback": "Close."},
                {"min": 3.141, "max": 3.142},
            ],
        }
    )
    assert grade("numeric", data, "1822") == 1
    assert grade("numeric", data, "1824") == 0.5
    assert grade("numeric", data, "1825") == 0
    assert grade("numeric", data, "3.141") == 1  # range ends are included
    assert grade("numeric", data, "3,1415") == 1
    assert grade("numeric", data, "") == 0


def test_numeric_tolerance_survives_floating_point():
    data = data_of(
        {"kind": "numeric", "prompt": "π", "answers": [{"value": 3.1415, "tolerance": 0.0005}]}
    )
    assert grade("numeric", data, "3.141") == 1
    assert grade("numeric", data, "3.142") == 1
    assert grade("numeric", data, "3.1404") == 0


def test_numeric_refuses_text_that_is_not_a_number_with_a_message():
    data = data_of(EVERY_KIND[4])
    with pytest.raises(AnswerError):
        KINDS["numeric"].parse(data, MultiDict({"answer": "thirty"}))
    assert KINDS["numeric"].parse(data, MultiDict({"answer": "30"})) == "30"


def test_numeric_answers_are_checked():
    def problems(answers):
        return problems_of({"kind": "numeric", "prompt": "?", "answers": answers})

    assert any("min ≤ max" in p for p in problems([{"min": 5, "max": 1}]))
    assert any("must be a number" in p for p in problems([{"value": "ten"}]))
    assert any("last answer" in p for p in problems([{"value": "*"}, {"value": 1}]))


# -- matching ------------------------------------------------------------------------------


def test_matching_counts_the_pairs_matched_correctly():
    data = data_of(EVERY_KIND[5])
    press, access = data["pairs"]
    family = data["distractors"][0]["id"]
    assert grade("matching", data, {press["id"]: press["match_id"]}) == 0.5
    both = {press["id"]: press["match_id"], access["id"]: access["match_id"]}
    assert grade("matching", data, both) == 1
    assert grade("matching", data, {press["id"]: family, access["id"]: family}) == 0


def test_matching_refuses_a_match_that_is_not_offered():
    data = data_of(EVERY_KIND[5])
    field = "match-" + data["pairs"][0]["id"]
    with pytest.raises(InvalidAnswer):
        KINDS["matching"].parse(data, MultiDict({field: "forged"}))


def test_matching_distractor_must_differ_from_every_match():
    item = dict(EVERY_KIND[5], distractors=["The press"])
    assert any("distractor" in p for p in problems_of(item))


# -- ordering ------------------------------------------------------------------------------


def test_ordering_counts_items_in_their_place():
    data = data_of(EVERY_KIND[6])
    first, second, third = (item["id"] for item in data["items"])
    assert grade("ordering", data, {first: 1, second: 2, third: 3}) == 1
    assert grade("ordering", data, {first: 1, second: 3, third: 2}) == pytest.approx(1 / 3)
    assert grade("ordering", data, {first: 3, second: 1, third: 2}) == 0
    assert grade("ordering", data, {}) == 0


def test_ordering_refuses_positions_out_of_range():
    data = data_of(EVERY_KIND[6])
    field = "position-" + data["items"][0]["id"]
    for forged in ["0", "4", "-1", "one"]:
        with pytest.raises(InvalidAnswer):
            KINDS["ordering"].parse(data, MultiDict({field: forged}))


def test_ordering_is_never_shown_already_in_order():
    from random import Random

    data = data_of(EVERY_KIND[6])
    for seed in range(50):
        shown = KINDS["ordering"].display(data, None, Random(seed), True)["items"]
        assert [i["id"] for i in shown] != [i["id"] for i in data["items"]]


# -- every kind ----------------------------------------------------------------------------


@pytest.mark.parametrize("item", EVERY_KIND, ids=[item["kind"] for item in EVERY_KIND])
def test_every_kind_writes_back_what_it_reads(item):
    from tamkeen.quizzes.spec import question_to_spec

    question = read_specs([item])[0]
    spec = question_to_spec(
        question.kind,
        question.prompt,
        question.data,
        name=question.name,
        points=question.points,
        feedback=question.feedback,
    )
    again = read_specs([spec])[0]
    assert (again.kind, again.prompt, again.data, again.points) == (
        question.kind,
        question.prompt,
        question.data,
        question.points,
    )


def test_unknown_kind_is_refused_with_the_list_of_kinds():
    problems = problems_of({"kind": "poll", "prompt": "Tell us."})
    assert problems and "single_choice" in problems[0] and "essay" in problems[0]
