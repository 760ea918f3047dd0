"""The standards issue 19 sets for the curriculum's second edition, on the courses that meet them.

Each lesson opens with what the reader will be able to do, keeps its tables to three columns
(wider ones do not fit a phone), and ends with a summary; each lesson's objectives are tested
by at least one scenario question in its module's quiz; a fact still to check is flagged in
every language; Arabic dates use the Moroccan month names; short answers accept the forms
people really type. test_bundled_curriculum.py checks the rest (shape, length, sources,
translations, imports) for every course.
"""

import re

import pytest
from flask_migrate import upgrade

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.authoring.packages import load_packages
from tamkeen.quizzes.kinds import KINDS

from ..conftest import app_config

COURSES = PROJECT_ROOT / "courses"
# Courses written or revised to the second-edition standards; add a group as it gets there.
GROUPS = ("working-with-young-people",)
LANGUAGES = ("ar", "fr", "en")
OBJECTIVES = {
    "en": "**You will be able to:**",
    "fr": "**Vous serez en mesure de :**",
    "ar": "**في نهاية هذا الدرس، ستتمكّنون من:**",
}
SUMMARY_HEADING = {"en": "## Summary", "fr": "## En résumé", "ar": "## خلاصة"}
MAX_TABLE_COLUMNS = 3
# Kinds that can set a situation and ask what to do; a scenario is more than a one-liner.
SCENARIO_KINDS = {"single_choice", "multiple_response", "true_false", "matching", "ordering"}
SCENARIO_MIN_WORDS = 15
# Month names used in Egypt and the Levant where Morocco uses ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر.
NOT_MOROCCAN_MONTHS = re.compile(r"مايو|يوليو(?!ز)|أغسطس|سبتمبر|نوفمبر|ديسمبر")


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """The packages read by the real reader, after the papers their lessons link to."""
    folder = tmp_path_factory.mktemp("standards")
    app = create_app(app_config(f"sqlite:///{folder / 'db.sqlite'}", folder))
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        result = app.test_cli_runner().invoke(args=["papers", "import", str(COURSES / "papers")])
        assert result.exit_code == 0, result.output
        loaded = {}
        for group in GROUPS:
            for language in LANGUAGES:
                found, problems = load_packages(COURSES / f"{group}-{language}")
                assert problems == [], [str(problem) for problem in problems]
                loaded[group, language] = found[0]
    return loaded


def _every_lesson(courses):
    for (_, language), course in courses.items():
        for lesson in course.lessons:
            yield language, lesson


def _table_widths(body: str) -> list[int]:
    """The number of columns of each table: a header row followed by a |---| row."""
    lines = body.splitlines()
    return [
        len(header.strip().strip("|").split("|"))
        for header, rule in zip(lines, lines[1:], strict=False)
        if header.lstrip().startswith("|") and re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", rule)
    ]


def test_every_lesson_opens_with_one_or_two_objectives(courses):
    failures = []
    for language, lesson in _every_lesson(courses):
        body = lesson.body.lstrip()
        if not body.startswith(OBJECTIVES[language]):
            failures.append(f"{lesson.path}: does not open with {OBJECTIVES[language]!r}")
            continue
        listed = body[len(OBJECTIVES[language]) :].lstrip("\n").split("\n\n", 1)[0]
        items = [line for line in listed.splitlines() if line.startswith("- ")]
        if not 1 <= len(items) <= 2:
            failures.append(f"{lesson.path}: {len(items)} objectives, not one or two")
    assert failures == []


def test_no_table_is_wider_than_a_phone(courses):
    wide = [
        f"{lesson.path}: {width} columns"
        for _, lesson in _every_lesson(courses)
        for width in _table_widths(lesson.body)
        if width > MAX_TABLE_COLUMNS
    ]
    assert wide == []


def test_the_table_check_sees_a_wide_table():
    assert _table_widths("| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |") == [4]
    assert _table_widths("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n| x |\n|---|") == [2, 1]
    assert _table_widths("A line with | a pipe\n- and a list") == []


def test_every_lesson_ends_with_a_summary_before_its_sources(courses):
    failures = []
    for language, lesson in _every_lesson(courses):
        summary = lesson.body.find(SUMMARY_HEADING[language])
        sources = lesson.body.find("\n## ", summary + 1)
        if summary < 0 or sources < 0:
            failures.append(f"{lesson.path}: no {SUMMARY_HEADING[language]!r} before the sources")
    assert failures == []


def test_each_lessons_objectives_have_a_scenario_question_in_the_module_quiz(courses):
    """Questions are named <lesson slug>/<what they test>; the English prompt sets a scene."""
    missing = []
    for (_, language), course in courses.items():
        for module in course.modules:
            for lesson in module.lessons:
                named = [q for q in module.quiz.questions if q.name.startswith(f"{lesson.slug}/")]
                scenarios = [
                    q
                    for q in named
                    if q.kind in SCENARIO_KINDS
                    and (language != "en" or len(q.prompt.split()) >= SCENARIO_MIN_WORDS)
                ]
                if not scenarios:
                    missing.append(f"{course.slug}/{module.slug}: none for {lesson.slug}")
    assert missing == []


def test_an_ordering_question_is_rare_and_short(courses):
    """An ordering question only where one order is defensible: a few steps, one per quiz."""
    for course in courses.values():
        for quiz in [module.quiz for module in course.modules] + [course.final_quiz]:
            ordering = [q for q in quiz.questions if q.kind == "ordering"]
            assert len(ordering) <= 1, quiz.path
            assert all(len(q.data["items"]) <= 5 for q in ordering), quiz.path


@pytest.mark.parametrize("group", GROUPS)
def test_a_fact_to_check_is_flagged_in_every_language(courses, group):
    def flagged(language):
        return {lesson.slug for lesson in courses[group, language].lessons if lesson.review}

    assert flagged("en"), "a course on law and child protection has facts for a lawyer"
    assert flagged("fr") == flagged("en") == flagged("ar")


def test_arabic_lessons_and_quizzes_use_moroccan_month_names(courses):
    found = []
    for group in GROUPS:
        folder = COURSES / f"{group}-ar"
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".md", ".yaml"}:
                for match in NOT_MOROCCAN_MONTHS.finditer(path.read_text(encoding="utf-8")):
                    found.append(f"{path.relative_to(COURSES)}: {match.group()}")
    assert found == []


COMMON_FORMS = {
    "en": ["focal person", "The focal person", "the designated safeguarding lead", "her deputy"],
    "fr": ["le point focal", "la personne référente", "referent", "la personne désignée"],
    "ar": ["نقطة الارتكاز", "نقطة ارتكاز", "الشخص المرجعي", "الشخص المعيّن", "نائبها"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_short_answer_accepts_every_common_name_of_the_focal_person(courses, language):
    quiz = courses["working-with-young-people", language].final_quiz
    question = next(q for q in quiz.questions if q.name == "who-to-tell")
    grade = KINDS["short_answer"].grade
    assert {form: grade(question.data, form) for form in COMMON_FORMS[language]} == {
        form: 1.0 for form in COMMON_FORMS[language]
    }
    assert grade(question.data, "the president") == 0.0
