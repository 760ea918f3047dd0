"""The stored progress summaries (learning/summaries.py) the cohort reports read stay equal,
row for row, to ``progress_query``'s live output after every kind of write that can change
progress: a trainee's steps, cohorts, trainers' changes to courses, and erasure."""

from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tamkeen.accounts.models import User
from tamkeen.cohorts.models import Cohort
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson, Module, ProgressSummary
from tamkeen.quizzes.models import Question, Quiz

from ..authoring.helpers import run_import
from ..quizzes.helpers import COURSE, lesson, right_form, write_package, wrong_form
from .helpers import live_rows, stored_rows

TWO_TRUE_FALSE = [
    {"kind": "true_false", "name": "one", "prompt": "One?", "answer": True},
    {"kind": "true_false", "name": "two", "prompt": "Two?", "answer": False},
]


class Story:
    """Runs each write as a request would (then commits) and compares the two tables."""

    def __init__(self, app):
        self.app, self.before = app, []

    def step(self, what: str, write, *, changes: bool = True) -> None:
        with self.app.test_request_context():
            write()
            db.session.commit()
        with self.app.app_context():
            live, stored = live_rows(), stored_rows()
        assert stored == live, what
        # A step meant to change progress must change it, or it would prove nothing.
        assert (live != self.before) == changes, what
        self.before = live


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def quiz_of(course_id: int, module_slug: str | None) -> Quiz:
    query = select(Quiz).outerjoin(Module, Module.id == Quiz.module_id)
    query = query.where(Quiz.course_id == course_id)
    if module_slug is None:
        return db.session.scalar(query.where(Quiz.module_id.is_(None)))
    return db.session.scalar(query.where(Module.slug == module_slug))


def take(person: User, quiz: Quiz, *, right: bool, now=None, submit: bool = True):
    from tamkeen.quizzes import services as quizzes

    attempt = quizzes.start_attempt(person, quiz, now)
    for page in quizzes.pages(attempt):
        form = right_form(page.question) if right else wrong_form(page.question)
        quizzes.save_answer(person, attempt.id, page.number, MultiDict(form), now)
    if submit:
        quizzes.submit(person, attempt.id, now)


def test_stored_progress_equals_live_progress_after_every_kind_of_write(app, make, tmp_path):
    from tamkeen.accounts.personal_data import erase_account
    from tamkeen.authoring import copies
    from tamkeen.authoring import services as authoring
    from tamkeen.cohorts import services as cohorts
    from tamkeen.learning import services as learning
    from tamkeen.quizzes import editing
    from tamkeen.quizzes import services as quizzes
    from tamkeen.quizzes.spec import QuizSpec

    make.user("author", roles=("trainer", "admin"))
    organizer = make.user("organizer", roles=("organizer",))
    for name in ("amal", "badr", "chaima"):
        make.user(name)
    package = write_package(tmp_path / "sample")
    assert run_import(app, package).exit_code == 0
    other = make.course("Budgets", modules=2, lessons=2)
    with app.app_context():
        sample = db.session.scalar(select(Course).where(Course.slug == "sample-en"))
        sample_id, other_id = sample.id, other.id
    drafted = make.quiz(other, questions=TWO_TRUE_FALSE, is_published=False)
    second = make.quiz(other, other.modules[1], questions=TWO_TRUE_FALSE, is_published=False)
    story = Story(app)

    def course(course_id: int = sample_id) -> Course:
        return db.session.get(Course, course_id)

    def first_lesson(course_id: int, module_slug: str) -> Lesson:
        query = select(Lesson).join(Module).where(Module.slug == module_slug)
        return db.session.scalar(query.where(Lesson.course_id == course_id))

    # A trainee's own steps.
    story.step("enrolment", lambda: learning.enrol(user("amal"), course()))
    cohort_id = make.cohort(organizer, participants=[], courses=[sample]).id

    def cohort() -> Cohort:
        return db.session.get(Cohort, cohort_id)

    story.step(
        "participant added",
        lambda: cohorts.add_participants(
            cohort(), [user("badr"), user("chaima")], organization_id=None, by=user("organizer")
        ),
    )
    story.step(
        "course assigned to the cohort",
        lambda: cohorts.set_courses(cohort(), [sample_id, other_id], by=user("organizer")),
    )
    story.step(
        "lessons completed",
        lambda: [
            learning.mark_complete(user(name), first_lesson(cid, slug))
            for name, cid, slug in (
                ("amal", sample_id, "first"),
                ("badr", sample_id, "second"),
                ("badr", other_id, "module-1"),
            )
        ],
    )

    def final() -> Quiz:  # the package's final quiz: the last attempt counts
        return quiz_of(sample_id, None)

    story.step(
        "attempt started",
        lambda: take(user("amal"), final(), right=True, submit=False),
    )
    story.step("attempt submitted", lambda: take(user("amal"), final(), right=True))
    long_ago = utcnow() - timedelta(hours=2)
    story.step(
        "timed attempt started",
        lambda: take(user("badr"), final(), right=False, now=long_ago, submit=False),
    )
    story.step("time ran out", lambda: quizzes.close_expired())
    story.step("a last attempt failed", lambda: take(user("amal"), final(), right=False))

    def best_counts():
        quiz = final()
        settings = {name: getattr(quiz, name) for name in QuizSpec.SETTINGS} | {"counts": "best"}
        editing.update_quiz(quiz, QuizSpec(**settings), by=user("author"))

    story.step("quiz settings: the best attempt counts", best_counts)
    story.step(
        "attempt at a quiz not yet published",
        lambda: take(user("badr"), db.session.get(Quiz, drafted.id), right=True),
        changes=False,
    )
    story.step(
        "quiz published",
        lambda: editing.publish_quiz(db.session.get(Quiz, drafted.id), by=user("author")),
    )
    story.step(
        "attempt at another draft quiz",
        lambda: take(user("chaima"), db.session.get(Quiz, second.id), right=True),
        changes=False,
    )
    story.step(
        "course published again, with its draft quiz",
        lambda: authoring.publish_course(course(other_id), by=user("author")),
    )
    story.step(
        "question retired",
        lambda: editing.delete_question(
            db.session.scalar(select(Question).where(Question.quiz_id == drafted.id)),
            by=user("author"),
        ),
        changes=False,
    )
    story.step(
        "module and lesson added",
        lambda: authoring.add_lesson(
            authoring.add_module(course(), slug="third", title="3", summary="", by=user("author")),
            slug="new",
            title="New",
            by=user("author"),
        ),
        changes=False,
    )
    # The package again, without the lesson Badr completed: the importer deletes it.
    course_yaml = COURSE.replace("lessons: [lessons/two.md]", "lessons: [lessons/three.md]")
    write_package(package, **{"course.yaml": course_yaml, "lessons__three.md": lesson("three")})
    (package / "lessons" / "two.md").unlink()
    story.step("package imported over the course", lambda: _import(app, package))
    story.step(
        "lesson deleted",
        lambda: authoring.delete_item(first_lesson(other_id, "module-1"), by=user("author")),
    )
    story.step(
        "module deleted (with its quiz)",
        lambda: authoring.delete_item(
            db.session.scalar(select(Module).where(Module.slug == "first")), by=user("author")
        ),
    )
    story.step("quiz deleted", lambda: editing.delete_quiz(final(), by=user("author")))
    story.step(
        "course copied",
        lambda: copies.duplicate_course(
            user("author"), course(), slug="copy", title="Copy", language="en", as_translation=False
        ),
        changes=False,
    )
    story.step(
        "participant removed",
        lambda: cohorts.remove_participant(
            cohort(), cohorts.find_participant(cohort(), user("chaima").id), by=user("organizer")
        ),
        changes=False,
    )
    story.step("erasure", lambda: erase_account(user("badr")))
    story.step(
        "course deleted", lambda: authoring.delete_course(course(other_id), by=user("author"))
    )


def _import(app, package):
    db.session.commit()  # the command runs in its own transaction
    result = run_import(app, package)
    assert result.exit_code == 0, result.output


def test_refresh_progress_command_rebuilds_the_same_table(app, make):
    course = make.course()
    trainee = make.user("amal")
    make.enrol(trainee, course)
    make.complete(trainee, course.modules[0].lessons[0])
    with app.app_context():
        expected = stored_rows()
        db.session.execute(db.delete(ProgressSummary))
        db.session.commit()
        assert stored_rows() == []
    result = app.test_cli_runner().invoke(args=["reports", "refresh-progress"])
    assert result.exit_code == 0, result.output
    assert "1 progress summaries stored." in result.output
    with app.app_context():
        assert stored_rows() == expected == live_rows()
        assert expected[0][2] == 1  # one lesson done


def test_two_lessons_completed_at_the_same_moment_are_both_stored(app, make):
    """Two requests of one trainee in one course, at once (two tabs, a retried request):
    the second refresh waits for the first to commit (a row lock on PostgreSQL, the write
    lock on SQLite), so it neither collides with the first's row nor stores a count that
    misses the other lesson."""
    import threading
    import time

    from tamkeen.learning import services as learning

    course = make.course(modules=1, lessons=2)
    trainee = make.user("amal")
    make.enrol(trainee, course)
    lesson_ids = [lesson.id for lesson in course.modules[0].lessons]
    together, failures = threading.Barrier(2), []

    def complete(lesson_id: int) -> None:
        try:
            together.wait(timeout=10)
            with app.test_request_context(method="POST"):
                learning.mark_complete(
                    db.session.get(User, trainee.id), db.session.get(Lesson, lesson_id)
                )
                time.sleep(0.3)  # a slow request: its transaction stays open a moment
                db.session.commit()
        except Exception as error:  # noqa: BLE001 (reported below, with the thread's error)
            failures.append(error)

    threads = [threading.Thread(target=complete, args=(lesson_id,)) for lesson_id in lesson_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    with app.app_context():
        assert stored_rows() == live_rows()
        assert [row[2] for row in stored_rows()] == [2]  # lessons done
