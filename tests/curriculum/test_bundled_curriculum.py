"""The bundled curriculum meets the bar issue 7 sets, and imports as trainees will read it.

Four courses and three policy papers, each in Arabic, French and English, linked as
translations; 4–7 modules of 3–4 lessons of 400–800 words, each with a summary, something
to do and its sources; a quiz per module and a final assessment whose every question has a
right answer; the same modules and quizzes in every language. The standards issue 19 added
(objectives, narrow tables, a scenario question per objective...) are in test_standards.py.
"""

import re
from collections import Counter

import pytest
from sqlalchemy import select

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson
from tamkeen.quizzes.kinds import KINDS
from tamkeen.text import find_references

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

COURSES = PROJECT_ROOT / "courses"
PAPERS = COURSES / "papers"
GROUPS = ("digital-expression", "advocacy", "running-an-association", "working-with-young-people")
PAPER_GROUPS = (
    "online-expression-and-the-law",
    "fair-registration-of-associations",
    "protecting-activists-data",
)
LANGUAGES = ("ar", "fr", "en")
SOURCES_HEADING = {"en": "## Sources", "fr": "## Sources", "ar": "## المصادر"}
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")


def _course(curriculum, group, language):
    return curriculum[0][f"{group}-{language}"]


def _quizzes(course):
    return [module.quiz for module in course.modules] + [course.final_quiz]


def test_every_package_and_paper_reads_without_a_problem(curriculum):
    assert curriculum[2] == []


def test_every_package_and_paper_imports_into_the_database(app, make, curriculum):
    runner = app.test_cli_runner()
    papers = runner.invoke(args=["papers", "import", str(PAPERS)])
    assert papers.exit_code == 0, papers.output
    courses = runner.invoke(args=["courses", "import", str(COURSES)])
    assert courses.exit_code == 0, courses.output
    for group in GROUPS:
        for language in LANGUAGES:
            assert f"created  {group}-{language}" in courses.output
    flagged = {
        (course.slug, lesson.slug)
        for course in curriculum[0].values()
        for lesson in course.lessons
        if lesson.review
    }
    with app.app_context():
        rows = db.session.execute(
            select(Course.slug, Lesson.slug)
            .join(Lesson, Lesson.course_id == Course.id)
            .where(Lesson.review_note.is_not(None))
        )
        assert flagged and set(rows) == flagged, "lessons still to check caution their readers"


@pytest.mark.parametrize("group", GROUPS)
def test_each_course_exists_in_three_languages_linked_as_translations(curriculum, group):
    for language in LANGUAGES:
        course = _course(curriculum, group, language)
        assert course.language == language
        assert course.translation_group == group
        assert course.status == "published"


@pytest.mark.parametrize("group", GROUPS)
def test_courses_have_four_to_seven_modules_of_three_or_four_lessons(curriculum, group):
    # Issue 7 said 4-5 modules. Issue 19 added the right of peaceful assembly to the advocacy
    # course (three lessons with their own quiz, which no module of four lessons could take)
    # and split digital safety in the digital-expression course into three short modules
    # (protecting yourself / phones and emergencies / online harassment) rather than cram
    # seven lessons into one: short modules of 3-4 lessons are what the rule protects.
    for language in LANGUAGES:
        course = _course(curriculum, group, language)
        assert 4 <= len(course.modules) <= 7, course.slug
        for module in course.modules:
            assert 3 <= len(module.lessons) <= 4, f"{course.slug}/{module.slug}"


@pytest.mark.parametrize("group", GROUPS)
def test_every_lesson_has_length_summary_something_to_do_and_sources(curriculum, group):
    failures = []
    for language in LANGUAGES:
        for lesson in _course(curriculum, group, language).lessons:
            words = len(lesson.body.split())
            if not 400 <= words <= 800:
                failures.append(f"{lesson.path}: {words} words")
            if not lesson.summary or len(lesson.summary) > 300:
                failures.append(f"{lesson.path}: summary missing or longer than two lines")
            if "::: exercise" not in lesson.body:
                failures.append(f"{lesson.path}: nothing to do (no exercise box)")
            if SOURCES_HEADING[language] not in lesson.body:
                failures.append(f"{lesson.path}: no {SOURCES_HEADING[language]!r} section")
    assert failures == []


@pytest.mark.parametrize("group", GROUPS)
def test_lessons_are_written_in_their_courses_language(curriculum, group):
    for language in LANGUAGES:
        for lesson in _course(curriculum, group, language).lessons:
            arabic = len(ARABIC_LETTER.findall(lesson.body))
            latin = len(LATIN_LETTER.findall(lesson.body))
            share = arabic / (arabic + latin)
            if language == "ar":
                assert share > 0.8, lesson.path
            else:
                assert share < 0.05, lesson.path


@pytest.mark.parametrize("group", GROUPS)
def test_a_quiz_per_module_and_a_final_assessment(curriculum, group):
    for language in LANGUAGES:
        course = _course(curriculum, group, language)
        for module in course.modules:
            quiz = module.quiz
            assert quiz is not None, f"{course.slug}/{module.slug} has no quiz"
            assert len(quiz.questions) >= 6, quiz.path
        assert course.final_quiz is not None and len(course.final_quiz.questions) >= 10


@pytest.mark.parametrize("group", GROUPS)
def test_every_question_has_a_right_answer_that_earns_full_marks(curriculum, group):
    for language in LANGUAGES:
        for quiz in _quizzes(_course(curriculum, group, language)):
            for question in quiz.questions:
                kind = KINDS[question.kind]
                answer = kind.right_answer(question.data)
                assert kind.grade(question.data, answer) == 1.0, f"{quiz.path}:{question.line}"


@pytest.mark.parametrize("group", GROUPS)
def test_translations_have_the_same_modules_lessons_and_quizzes(curriculum, group):
    def shape(course):
        return [
            (
                module.slug,
                [lesson.slug for lesson in module.lessons],
                [(q.kind, q.name) for q in module.quiz.questions],
                module.quiz.settings() | {"title": None},
            )
            for module in course.modules
        ] + [[(q.kind, q.name) for q in course.final_quiz.questions]]

    english = shape(_course(curriculum, group, "en"))
    for language in ("fr", "ar"):
        assert shape(_course(curriculum, group, language)) == english, language


@pytest.mark.parametrize("group", GROUPS)
def test_every_paper_link_finds_the_paper_in_the_courses_language(curriculum, group):
    papers = curriculum[1]
    for language in LANGUAGES:
        for lesson in _course(curriculum, group, language).lessons:
            for reference in find_references(lesson.body):
                if reference.kind == "paper":
                    assert f"{reference.target}-{language}" in papers, lesson.path


def test_three_papers_in_three_languages_with_the_sections_a_reader_needs(curriculum):
    papers = curriculum[1]
    assert len(papers) == 9
    for group in PAPER_GROUPS:
        topics = Counter()
        for language in LANGUAGES:
            paper = papers[f"{group}-{language}"]
            assert paper.language == language and paper.translation_group == group
            words = len(paper.body.split())
            assert 1_500 <= words <= 3_500, f"{paper.slug}: {words} words (4–8 pages)"
            assert paper.body.count("\n## ") >= 4, f"{paper.slug}: summary, analysis, ..."
            assert "[^1]" in paper.body, f"{paper.slug}: no footnoted source"
            topics[paper.topic] += 1
        assert len(topics) == 1, f"{group}: translations disagree on the topic"
