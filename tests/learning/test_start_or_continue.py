"""A course not yet begun says "Start the course"; once begun, "Continue where you left
off"; the progress line keeps its figures apart."""

import pytest

from tamkeen.extensions import db
from tamkeen.learning.models import Lesson


@pytest.fixture
def enrolled(make, auth):
    course = make.course(modules=2, lessons=1)
    make.quiz(course)
    user = make.user("amal")
    make.enrol(user, course)
    auth.login("amal")
    return user, course


def test_a_course_not_yet_begun_offers_to_start(client, enrolled):
    _user, course = enrolled
    for address in (f"/courses/{course.id}", "/learning"):
        page = client.get(address).get_data(as_text=True)
        assert "Start the course" in page
        assert "Continue where you left off" not in page
        assert "0 of 2 lessons completed · 0 of 1 quiz passed" in page


def test_a_begun_course_offers_to_continue(client, make, enrolled):
    user, course = enrolled
    make.complete(user, course.modules[0].lessons[0])
    for address in (f"/courses/{course.id}", "/learning"):
        page = client.get(address).get_data(as_text=True)
        assert "Continue where you left off" in page
        assert "Start the course" not in page
        assert "1 of 2 lessons completed · 0 of 1 quiz passed" in page


def test_in_arabic_the_figures_read_as_labels_and_the_link_starts(client, make, auth):
    course = make.course(modules=2, lessons=1)
    make.quiz(course)
    make.enrol(make.user("amal", locale="ar"), course)
    auth.login("amal")
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert "الدروس المكتملة: 0 من 2 · الاختبارات المجتازة: 0 من 1" in page
    assert "بدء الدورة" in page


def test_a_lesson_not_yet_published_is_never_where_to_continue(app, client, make, auth):
    """A lesson added to a published course waits for its own publication: neither the
    course page nor My learning points a trainee to it (the course page's outline leaves it
    out; My learning's query did not)."""
    course = make.course(modules=2, lessons=1)
    waiting, published = course.modules[0].lessons[0], course.modules[1].lessons[0]
    make.enrol(make.user("amal"), course)
    with app.app_context():  # after the factory's merges, which write the whole course back
        db.session.get(Lesson, waiting.id).is_published = False
        db.session.commit()
    auth.login("amal")
    for address in (f"/courses/{course.id}", "/learning"):
        page = client.get(address).get_data(as_text=True)
        assert f"/lessons/{published.id}" in page, address
        assert f"/lessons/{waiting.id}" not in page, address
