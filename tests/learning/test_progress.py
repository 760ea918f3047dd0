"""Enrolling, reading, marking lessons complete, and seeing progress."""

from tamkeen.learning.models import Enrolment, LessonProgress


def test_anonymous_visitor_can_read_a_lesson_but_not_enrol(client, make):
    course = make.course()
    lesson = course.modules[0].lessons[0]
    page = client.get(f"/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)
    assert "Some <strong>text</strong> to read." in page
    assert "Mark as complete" not in page
    response = client.post_form(f"/courses/{course.id}/enrol")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert make.count(Enrolment) == 0


def test_trainee_enrols_and_is_taken_to_the_first_lesson(client, make, signed_in_trainee):
    course = make.course()
    response = client.post_form(f"/courses/{course.id}/enrol")
    first = course.modules[0].lessons[0]
    assert response.headers["Location"].endswith(f"/courses/{course.id}/lessons/{first.id}")
    assert make.count(Enrolment) == 1


def test_enrolling_twice_keeps_one_enrolment(client, make, signed_in_trainee):
    course = make.course()
    client.post_form(f"/courses/{course.id}/enrol")
    client.post_form(f"/courses/{course.id}/enrol")
    assert make.count(Enrolment) == 1


def test_marking_a_lesson_complete_moves_on_and_shows_progress(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=2)
    first, second = course.modules[0].lessons
    client.post_form(f"/courses/{course.id}/enrol")
    response = client.post_form(f"/courses/{course.id}/lessons/{first.id}/complete")
    assert response.headers["Location"].endswith(f"/lessons/{second.id}")
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert "1 of 2 lessons completed" in page
    assert 'value="50"' in page
    learning = client.get("/learning").get_data(as_text=True)
    assert "Progress: 50%" in learning
    assert f"/lessons/{second.id}" in learning  # continue where you left off


def test_completing_twice_records_once(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=2)
    lesson = course.modules[0].lessons[0]
    client.post_form(f"/courses/{course.id}/enrol")
    for _ in range(2):
        client.post_form(f"/courses/{course.id}/lessons/{lesson.id}/complete")
    assert make.count(LessonProgress) == 1


def test_completing_the_last_lesson_congratulates(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=1)
    lesson = course.modules[0].lessons[0]
    client.post_form(f"/courses/{course.id}/enrol")
    client.post_form(f"/courses/{course.id}/lessons/{lesson.id}/complete")
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert "Congratulations, you have completed this course!" in page
    assert "You have completed every lesson of this course." in page


def test_completion_without_enrolment_records_nothing(client, make, signed_in_trainee):
    course = make.course()
    lesson = course.modules[0].lessons[0]
    response = client.post_form(f"/courses/{course.id}/lessons/{lesson.id}/complete")
    assert response.status_code == 302
    assert make.count(LessonProgress) == 0


def test_lesson_of_another_course_is_not_found(client, make, signed_in_trainee):
    one, other = make.course(), make.course()
    foreign = other.modules[0].lessons[0]
    assert client.get(f"/courses/{one.id}/lessons/{foreign.id}").status_code == 404
    client.post_form(f"/courses/{one.id}/enrol")
    response = client.post_form(f"/courses/{one.id}/lessons/{foreign.id}/complete")
    assert response.status_code == 404
    assert make.count(LessonProgress) == 0


def test_progress_of_one_trainee_is_invisible_to_another(client, make, auth):
    course = make.course(modules=1, lessons=2)
    amal, _omar = make.user("amal"), make.user("omar")
    make.enrol(amal, course)
    make.complete(amal, course.modules[0].lessons[0])
    auth.login("omar")
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert "Completed" not in page
    assert "lessons completed" not in page


def test_previous_and_next_cross_module_boundaries(client, make):
    course = make.course(modules=2, lessons=1)
    first, second = course.modules[0].lessons[0], course.modules[1].lessons[0]
    page = client.get(f"/courses/{course.id}/lessons/{first.id}").get_data(as_text=True)
    assert f'/lessons/{second.id}" rel="next"' in page
    assert 'rel="prev"' not in page


def test_my_learning_uses_a_fixed_number_of_queries(client, make, signed_in_trainee, count_queries):
    def measure():
        with count_queries() as counter:
            assert client.get("/learning").status_code == 200
        return counter.count

    make.enrol(signed_in_trainee, make.course())
    one = measure()
    for _ in range(4):
        make.enrol(signed_in_trainee, make.course())
    assert measure() == one
