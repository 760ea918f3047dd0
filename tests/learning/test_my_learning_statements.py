"""My learning's courses, progress and next steps come from three statements of columns,
and the course page's progress from the rows it has loaded (issue 17): the same as
``progress_for`` (the definition, ``progress_query``) and ``next_step`` give, course by
course, in every case where they could part (a lesson done then unpublished, an unpublished
quiz, a quiz counting its last attempt, a final quiz, a course with no quiz, a course done)."""

from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Enrolment, Lesson, LessonProgress
from tamkeen.quizzes.models import Quiz
from tamkeen.quizzes.services import quizzes_by_module
from tamkeen.quizzes.standing import passed_quiz_ids, standings

from ..factories import TRUE_FALSE


def _reference(user_id: int) -> list[tuple]:
    """Each enrolled course, newest enrolment first, with ``progress_for``'s summary and
    ``next_step`` from the course page's outline: the definitions the course page uses."""
    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.user_id == user_id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
    ).all()
    course_ids = [e.course_id for e in enrolments]
    progress = learning.progress_for([user_id], course_ids)
    passed = passed_quiz_ids(user_id, course_ids)
    found = []
    for enrolment in enrolments:
        course = learning.course_outline(enrolment.course_id)
        quizzes = {
            quiz.module_id: quiz
            for quiz in db.session.scalars(
                select(Quiz).where(Quiz.course_id == course.id, Quiz.is_published)
            )
        }
        done = db.session.scalars(
            select(Lesson.id).where(Lesson.course_id == course.id)  # any lesson done
        ).all()
        done = set(done) & _done_ids(user_id)
        step = learning.next_step(course, done, quizzes, passed)
        found.append(
            (
                (course.id, course.title, course.language),
                progress[(user_id, course.id)],
                step and (step[0], step[1].id, step[1].title, getattr(step[1], "is_final", None)),
            )
        )
    return found


def _done_ids(user_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(LessonProgress.user_id == user_id)
        )
    )


def _course_page_progress(user_id: int, course_id: int):
    """The course page's progress (learning/views.py ``course``), from what it loads."""
    course = learning.course_outline(course_id)
    done = learning.completed_lesson_ids(db.session.get(User, user_id), course)
    quizzes = quizzes_by_module(course)
    found = standings([user_id], [quiz.id for quiz in quizzes.values()])
    passed = {quiz_id for (_u, quiz_id), standing in found.items() if standing.is_passed}
    return learning.outline_progress(course, done, quizzes, passed)


def _learning_page(user) -> list[tuple]:
    courses = learning.my_courses(user)
    steps = learning.continue_steps(user, [card.id for card, _p in courses])
    found = []
    for card, progress in courses:
        step = steps.get(card.id)
        final = (step[1].is_final if step[0] == "quiz" else None) if step else None
        found.append(
            (
                (card.id, card.title, card.language),
                progress,
                step and (step[0], step[1].id, step[1].title, final),
            )
        )
    return found


def test_my_learning_agrees_with_the_course_pages_definitions(app, make):
    amal = make.user("amal")
    # A: module quiz passed, an unpublished quiz, a final quiz failed; a lesson done.
    a = make.course("A", modules=2, lessons=2)
    a_module = make.quiz(a, questions=TRUE_FALSE, title="A's module quiz")
    make.quiz(a, a.modules[1], questions=TRUE_FALSE, is_published=False)
    a_final = make.quiz(a, questions=TRUE_FALSE, final=True)
    # B: the quiz counts its last attempt: passed, then failed; every lesson done.
    b = make.course("B", modules=1, lessons=2, language="fr")
    b_quiz = make.quiz(b, questions=TRUE_FALSE, counts="last")
    # C: a lesson done, then unpublished (still counted done, never a next step).
    c = make.course("C", modules=2, lessons=1, language="ar")
    # D: everything done; E: nothing done, no quiz.
    d = make.course("D", modules=1, lessons=1)
    d_quiz = make.quiz(d, questions=TRUE_FALSE, final=True)
    e = make.course("E", modules=1, lessons=3)
    for course in (a, b, c, d, e):
        make.enrol(amal, course)
    make.complete(amal, a.modules[0].lessons[0])
    make.attempt(amal, a_module, right=True)
    make.attempt(amal, a_final, right=False)
    for lesson in b.modules[0].lessons:
        make.complete(amal, lesson)
    make.attempt(amal, b_quiz, right=True)
    make.attempt(amal, b_quiz, right=False)
    make.complete(amal, c.modules[0].lessons[0])
    make.complete(amal, d.modules[0].lessons[0])
    make.attempt(amal, d_quiz, right=True)
    with app.app_context():
        db.session.get(Lesson, c.modules[0].lessons[0].id).is_published = False
        db.session.commit()
    omar = make.user("omar")  # enrolled nowhere
    with app.app_context():
        person = db.session.merge(amal)
        page, reference = _learning_page(person), _reference(person.id)
        assert page == reference
        for card, progress, _step in reference:
            assert _course_page_progress(person.id, card[0]) == progress, card
        by_title = {card[1]: (progress, step) for card, progress, step in page}
        assert [card[1] for card, _p, _s in page] == ["E", "D", "C", "B", "A"]
        assert by_title["A"][1][0] == "lesson" and by_title["A"][0].quizzes_passed == 1
        assert (
            by_title["B"][1][:3] == ("quiz", b_quiz.id, "") and by_title["B"][0].quizzes_passed == 0
        )
        assert by_title["C"][0].lessons_done == 1 and by_title["C"][0].lessons_total == 1
        assert by_title["D"][1] is None and by_title["D"][0].is_complete
        for lesson in a.modules[0].lessons + a.modules[1].lessons:
            learning.mark_complete(person, db.session.get(Lesson, lesson.id))
        db.session.flush()
        page = _learning_page(person)
        assert page == _reference(person.id)
        for card, progress, _step in page:
            assert _course_page_progress(person.id, card[0]) == progress, card
        assert page[-1][2] == ("quiz", a_final.id, "", True)  # the final quiz, failed before
        assert _learning_page(db.session.merge(omar)) == []
