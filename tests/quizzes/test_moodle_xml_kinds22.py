"""Moodle XML essay and description questions map to Tamkeen's essay and description kinds.

NEEDS branch essay22 (issue 22: the essay and description kinds): written by moodlexml22
before those kinds existed and not run there; the lead runs it after merging both.
"""

from pathlib import Path

from tamkeen.quizzes.moodle_xml import parse_moodle_xml

SAMPLES = Path(__file__).parents[2] / "vendor" / "moodle-xml"


def test_moodle_essay_becomes_a_tamkeen_essay():
    result = parse_moodle_xml((SAMPLES / "essay.xml").read_bytes())
    assert result.skipped == []
    (essay,) = result.questions
    assert (essay.kind, essay.name, essay.points) == ("essay", "A restriction you have seen", 5)
    assert essay.prompt.startswith("Describe a restriction of online expression")
    assert [str(note) for _, note in result.notes] == [
        "“A restriction you have seen”: Its information for graders and its attachments were"
        " left out."
    ]


def test_moodle_description_becomes_a_tamkeen_description_without_its_image():
    result = parse_moodle_xml((SAMPLES / "description.xml").read_bytes())
    assert result.skipped == []
    (description,) = result.questions
    assert (description.kind, description.name) == (
        "description",
        "Before the questions on restrictions",
    )
    assert description.prompt == "The next questions are about the three-part test."
    assert [str(note) for _, note in result.notes] == [
        "“Before the questions on restrictions”: Its images were left out: quiz questions"
        " cannot hold images."
    ]
