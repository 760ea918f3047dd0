"""Scores read as people read them, in the page's language: "3.3 out of 8 (42 %)", never
"3.33333" or "41.6667"."""

import pytest
from sqlalchemy import update

from tamkeen.extensions import db
from tamkeen.quizzes.models import Attempt

from .helpers import take, wrong_form


def submitted_with_a_third(app, client, make, auth, locale):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course)
    user = make.user("amal", locale=locale)
    make.enrol(user, course)
    auth.login("amal")
    attempt_id = take(client, quiz, wrong_form)
    with app.app_context():
        db.session.execute(
            update(Attempt)
            .where(Attempt.id == attempt_id)
            .values(score=10 / 3, max_score=8, percent=1000 / 24)
        )
        db.session.commit()
    return quiz, attempt_id


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "Score: 3.3 out of 8 (42%)"),
        ("fr", "Score : 3,3 sur 8 (42\u00a0%)"),
        ("ar", "النتيجة: 3.3 من 8 (42%)"),
    ],
)
def test_trainee_reads_a_rounded_score_in_their_language(app, client, make, auth, locale, words):
    quiz, attempt_id = submitted_with_a_third(app, client, make, auth, locale)
    review = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert words in review
    listing = client.get(f"/courses/{quiz.course_id}/quizzes/{quiz.id}").get_data(as_text=True)
    for page in (review, listing):
        assert "3.33333" not in page and "41.6667" not in page and "3,33333" not in page
    assert "42" in listing
