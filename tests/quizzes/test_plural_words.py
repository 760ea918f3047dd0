"""Every count a trainee reads agrees with its number, Arabic's six forms included:
"سؤال واحد", "سؤالان", "6 أسئلة", "11 سؤالًا", "100 سؤال"."""

import pytest
from flask import render_template_string
from flask_babel import force_locale

QUESTIONS = '{{ ngettext("%(num)d question", "%(num)d questions", n) }}'


@pytest.mark.parametrize(
    ("locale", "n", "words"),
    [
        ("ar", 0, "0 سؤال"),
        ("ar", 1, "سؤال واحد"),
        ("ar", 2, "سؤالان"),
        ("ar", 6, "6 أسئلة"),
        ("ar", 11, "11 سؤالًا"),
        ("ar", 100, "100 سؤال"),
        ("fr", 1, "1 question"),
        ("fr", 6, "6 questions"),
        ("en", 1, "1 question"),
        ("en", 6, "6 questions"),
    ],
)
def test_a_count_of_questions_takes_its_languages_form(app, locale, n, words):
    with app.test_request_context(), force_locale(locale):
        assert render_template_string(QUESTIONS, n=n) == words


@pytest.mark.parametrize(
    ("locale", "minutes", "expected"),
    [
        ("ar", 10, ["6 أسئلة", "10 دقائق", "محاولتان مسموح بهما", "محاولتان متبقيتان"]),
        ("ar", 1, ["6 أسئلة", "دقيقة واحدة", "محاولتان مسموح بهما"]),
        ("fr", 1, ["6 questions", "Durée limite : 1 minute,", "2 tentatives permises"]),
        (
            "en",
            1,
            [
                "6 questions",
                "Time limit: 1 minute,",
                "2 attempts allowed",
                "2 attempts left",
            ],
        ),
    ],
)
def test_trainee_reads_the_quiz_facts_in_proper_plurals(
    client, make, auth, locale, minutes, expected
):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, draw=6, time_limit_minutes=minutes, max_attempts=2)
    make.enrol(make.user("amal", locale=locale), course)
    auth.login("amal")
    page = client.get(f"/courses/{course.id}/quizzes/{quiz.id}").get_data(as_text=True)
    for words in expected:
        assert words in page
