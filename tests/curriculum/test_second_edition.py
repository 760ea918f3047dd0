"""The second edition of the curriculum (issue 19): lessons open with objectives, tables fit a
phone, every objective is put to work by a scenario question, short answers accept the
common forms, each law keeps one spelling per language, and the corrections stay made.

The rules apply to the courses listed in SECOND_EDITION, in all three languages; a course
joins the list (and scenario_map.yaml) when its authors bring it to the new standard.
"""

import re
from pathlib import Path

import pytest
import yaml

from tamkeen import PROJECT_ROOT
from tamkeen.quizzes.kinds import KINDS

SECOND_EDITION = ("advocacy", "running-an-association")
LANGUAGES = ("ar", "fr", "en")
OBJECTIVES = {
    "en": "**You will be able to:**",
    "fr": "**Vous serez en mesure de :**",
    "ar": "**ستكونون قادرين على:**",
}
SCENARIO_MAP = yaml.safe_load((Path(__file__).parent / "scenario_map.yaml").read_text("utf-8"))
PAPERS = PROJECT_ROOT / "courses" / "papers"


def _course(curriculum, group, language):
    return curriculum[0][f"{group}-{language}"]


def _lessons(curriculum):
    for group in SECOND_EDITION:
        for language in LANGUAGES:
            for lesson in _course(curriculum, group, language).lessons:
                yield language, lesson


def _question(quiz, name):
    return next(q for q in quiz.questions if q.name == name)


def test_every_lesson_opens_with_one_or_two_objectives(curriculum):
    failures = []
    for language, lesson in _lessons(curriculum):
        head, _, rest = lesson.body.lstrip().partition("\n\n")
        items = rest.split("\n\n", 1)[0].splitlines()
        if head != OBJECTIVES[language]:
            failures.append(f"{lesson.path}: does not open with {OBJECTIVES[language]!r}")
        elif not 1 <= len(items) <= 2 or not all(item.startswith("- ") for item in items):
            failures.append(f"{lesson.path}: {len(items)} lines of objectives, not a 1-2 list")
    assert failures == []


def test_no_table_is_wider_than_a_phone(curriculum):
    wide = []
    for _, lesson in _lessons(curriculum):
        for line in lesson.body.splitlines():
            if line.strip().startswith("|") and line.strip().strip("|").count("|") + 1 > 3:
                wide.append(f"{lesson.path}: {line.strip()[:60]}")
    assert wide == [], "tables of more than 3 columns do not fit a phone: make them lists"


@pytest.mark.parametrize("group", SECOND_EDITION)
def test_every_lesson_objective_has_a_scenario_question_in_its_module_quiz(curriculum, group):
    coverage = SCENARIO_MAP[group]
    for language in LANGUAGES:
        course = _course(curriculum, group, language)
        assert set(coverage) == {module.slug for module in course.modules}, course.slug
        for module in course.modules:
            lessons = coverage[module.slug]
            assert set(lessons) == {lesson.slug for lesson in module.lessons}, module.slug
            names = {question.name for question in module.quiz.questions}
            for lesson, scenarios in lessons.items():
                assert scenarios and set(scenarios) <= names, f"{module.quiz.path}: {lesson}"


@pytest.mark.parametrize("group", SECOND_EDITION)
def test_quizzes_ask_no_article_numbers_or_counts(curriculum, group):
    """Issue 19: "which ICCPR article", "how many official languages" test memory, not
    judgement."""
    trivia = re.compile(
        r"\bwhich article\b|\bhow many\b.*\b(languages|factors)\b|\((number only|type the number)",
        re.IGNORECASE,
    )
    course = _course(curriculum, group, "en")
    for quiz in [module.quiz for module in course.modules] + [course.final_quiz]:
        for question in quiz.questions:
            assert not trivia.search(question.prompt), f"{quiz.path}: {question.name}"


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("ar", "الجمع العام"),
        ("ar", "الجمعية العامة"),
        ("ar", "الجمع العام الاستثنائي"),
        ("ar", "الجمعيّة العامّة"),
        ("fr", "l'assemblée générale"),
        ("fr", "Assemblée générale extraordinaire"),
        ("fr", "AG"),
        ("en", "the general assembly"),
        ("en", "an extraordinary general assembly"),
        ("en", "general meeting"),
    ],
)
def test_short_answers_accept_every_common_form(curriculum, language, typed):
    quiz = _course(curriculum, "running-an-association", language).modules[1].quiz
    question = _question(quiz, "highest-body")
    assert KINDS[question.kind].grade(question.data, typed) == 1.0


def _texts(curriculum, language):
    for group in SECOND_EDITION:
        course = _course(curriculum, group, language)
        for lesson in course.lessons:
            yield lesson.path, lesson.body
        for quiz in [module.quiz for module in course.modules] + [course.final_quiz]:
            for question in quiz.questions:
                yield quiz.path, question.prompt
    paper = PAPERS / f"fair-registration-of-associations.{language}.md"
    yield paper.name, paper.read_text("utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_law_number_keeps_the_form_of_the_official_texts(curriculum, language):
    """Arabic official texts write law numbers with a point (75.00), French ones with a
    hyphen (75-00, as the English texts do); draft law 22.20 is written 22.20 in all three."""
    draft = r"(?<!-)22-20"  # not in a lesson slug such as case-study-draft-law-22-20
    if language == "ar":
        wrong = re.compile(r"(?:القانون|قانون)(?: التنظيمي)? رقم \d{2,3}-\d{2}\b|" + draft)
    else:
        law = r"\b(?:law|loi)(?: organique)?(?: n°)? (?!22\.20)\d{2,3}\.\d{2}\b"
        wrong = re.compile(law + "|" + draft, re.IGNORECASE)
    found = [f"{path}: {m.group(0)}" for path, text in _texts(curriculum, language)
             for m in wrong.finditer(text)]  # fmt: skip
    assert found == []


CORRECTIONS = {
    # (file, what must be there, what must not), per language: issue 19's corrections.
    "the-declaration-file": {
        "en": (r"07-09.*\bwithin one month\b", r"copies of their criminal records\*\*, which"),
        "fr": (r"07-09.*\bdans le mois\b", r"copies de leur casier judiciaire\*\*, exigées"),
        "ar": (r"07\.09.*داخل أجل شهر", r"نسخ من سجلهم العدلي\*\*، كما يشترط"),
    },
    "general-assembly-and-board": {
        "en": (r"within one month", r"within a time limit"),
        "fr": (r"dans le mois", r"dans un délai déterminé"),
        "ar": (r"داخل أجل شهر", r"داخل أجل محدد"),
    },
    "declaring-foreign-funding": {
        "en": (r"Parliament", r"publishes each year"),
        "fr": (r"Parlement", r"publie chaque année"),
        "ar": (r"البرلمان", r"تنشر كل سنة"),
    },
    "receipts-and-what-if-withheld": {
        "en": (r"41-90.*\b60 days\b", r"Time limits for these actions are short"),
        "fr": (r"41-90.*\b60 jours\b", r"Les délais de recours sont courts"),
        "ar": (r"41\.90.*ستين يوما", r"آجال الطعن قصيرة"),
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corrections_of_issue_19_are_made_in_every_language(curriculum, language):
    lessons = {
        lesson.slug: lesson.body
        for lesson in _course(curriculum, "running-an-association", language).lessons
    }
    for slug, expected in CORRECTIONS.items():
        present, absent = expected[language]
        assert re.search(present, lessons[slug], re.S), f"{slug} ({language}): {present}"
        assert not re.search(absent, lessons[slug]), f"{slug} ({language}): {absent}"
    paper = (PAPERS / f"fair-registration-of-associations.{language}.md").read_text("utf-8")
    assert re.search(r"07[-.]09", paper) and re.search(r"41[-.]90.{0,80}\b23\b", paper, re.S)
