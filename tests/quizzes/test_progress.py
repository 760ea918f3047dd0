"""Quizzes in the trainee's progress: passing counts toward completion, the pages show it."""

from tamkeen.learning import services as learning
from tamkeen.learning.services import course_completed

from .helpers import right_form, take, wrong_form


def test_passing_the_last_quiz_completes_the_course(app, client, make, auth):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course)
    user = make.user("amal")
    make.enrol(user, course)
    make.complete(user, course.modules[0].lessons[0])
    auth.login("amal")
    completed = []

    def record(sender, user):
        completed.append((sender.id, user.id))

    with course_completed.connected_to(record):
        take(client, quiz, wrong_form)
        assert completed == []
        take(client, quiz, right_form)
    assert completed == [(course.id, user.id)]
    with app.app_context():
        progress = learning.progress_for([user.id], [course.id])[(user.id, course.id)]
    assert (progress.quizzes_passed, progress.quizzes_total, progress.is_complete) == (1, 1, True)


def test_completing_every_lesson_is_not_enough_while_a_quiz_waits(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course)
    lesson = course.modules[0].lessons[0]
    client.post_form(f"/courses/{course.id}/enrol")
    response = client.post_form(f"/courses/{course.id}/lessons/{lesson.id}/complete")
    # The module ends with its quiz: that is where the trainee goes next.
    assert response.headers["Location"].endswith(f"/courses/{course.id}/quizzes/{quiz.id}")
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    assert "Congratulations" not in page
    assert "0 of 1 quiz passed" in page
    assert f'href="/courses/{course.id}/quizzes/{quiz.id}">Continue where you left off' in page


def test_course_and_lesson_pages_show_each_quiz_after_its_lessons(client, make, auth):
    course = make.course(modules=2, lessons=2)
    module_quiz = make.quiz(course, title="Check the first module")
    final = make.quiz(course, final=True)
    user = make.user("amal")
    make.enrol(user, course)
    auth.login("amal")
    take(client, module_quiz, right_form)
    page = client.get(f"/courses/{course.id}").get_data(as_text=True)
    first_module_end = page.index("Lesson 1.2")
    quiz_link = page.index("Check the first module")
    assert first_module_end < quiz_link < page.index("Lesson 2.1")
    assert page.index("Final assessment") > page.index("Lesson 2.2")
    assert "Passed" in page[quiz_link : page.index("Lesson 2.1")]
    assert "1 of 2 quizzes passed" in page
    last_of_first = course.modules[0].lessons[-1]
    lesson = client.get(f"/courses/{course.id}/lessons/{last_of_first.id}").get_data(as_text=True)
    assert "Check the first module" in lesson
    very_last = course.modules[1].lessons[-1]
    lesson = client.get(f"/courses/{course.id}/lessons/{very_last.id}").get_data(as_text=True)
    assert f"/quizzes/{final.id}" in lesson
    first = course.modules[0].lessons[0]
    lesson = client.get(f"/courses/{course.id}/lessons/{first.id}").get_data(as_text=True)
    assert "/quizzes/" not in lesson


def test_my_learning_shows_quizzes_passed_and_the_next_quiz(client, make, auth):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course, title="Check the module")
    user = make.user("amal")
    make.enrol(user, course)
    make.complete(user, course.modules[0].lessons[0])
    auth.login("amal")
    page = client.get("/learning").get_data(as_text=True)
    assert "0 of 1 quiz passed" in page
    assert f"/courses/{course.id}/quizzes/{quiz.id}" in page and "Check the module" in page
    take(client, quiz, right_form)
    page = client.get("/learning").get_data(as_text=True)
    assert "1 of 1 quiz passed" in page and "Progress: 100%" in page


def test_progress_takes_a_fixed_number_of_queries_however_many_trainees(app, make, count_queries):
    course = make.course(modules=2, lessons=1)
    make.quiz(course)
    make.quiz(course, final=True, counts="last")
    users = []

    def measure():
        with app.app_context(), count_queries() as counter:
            summaries = learning.progress_for([u.id for u in users], [course.id])
        assert len(summaries) == len(users)
        return counter.count

    users.append(make.user())
    make.enrol(users[0], course)
    one = measure()
    for _ in range(5):
        users.append(make.user())
        make.enrol(users[-1], course)
    assert measure() == one


def test_my_learning_query_count_stays_fixed_with_quizzes(
    client, make, signed_in_trainee, count_queries
):
    def measure():
        with count_queries() as counter:
            assert client.get("/learning").status_code == 200
        return counter.count

    course = make.course()
    make.quiz(course)
    make.enrol(signed_in_trainee, course)
    one = measure()
    for _ in range(3):
        course = make.course()
        make.quiz(course)
        make.quiz(course, final=True)
        make.enrol(signed_in_trainee, course)
    assert measure() == one
