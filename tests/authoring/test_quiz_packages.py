"""Quizzes travel in course packages: an export holds each module's quiz and the final quiz
as YAML, and export → import → export gives the same bytes, in Arabic too."""

import io
import zipfile

import yaml
from sqlalchemy import select

from tamkeen.extensions import db
from tamkeen.learning.models import Course, Module
from tamkeen.quizzes.models import Attempt, Question, Quiz
from tamkeen.quizzes.spec import question_to_spec

from ..factories import EVERY_KIND
from ..quizzes.helpers import right_form, take
from .helpers import ARABIC, courses_cli, rich_course

SETTINGS = {
    "title": "التقييم «النهائي»: نعم", "pass_mark": 80, "max_attempts": 2,
    "time_limit_minutes": 30, "shuffle_questions": True, "shuffle_choices": True, "draw": 5,
    "feedback": "after_pass", "counts": "last",
}  # fmt: skip


def _course_with_quizzes(app, make, owner=None):
    course = rich_course(app, make, owner=owner)
    make.quiz(course, questions=EVERY_KIND)
    make.quiz(course, final=True, questions=ARABIC, **SETTINGS)
    return course


def _quizzes(app, slug: str) -> list:
    """Every quiz of the course as authors would write it: settings and questions."""
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        found = []
        for quiz in db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)):
            settings = {name: getattr(quiz, name) for name in SETTINGS}
            questions = [
                question_to_spec(q.kind, q.prompt, q.data, name=q.name, points=q.points,
                                 feedback=q.feedback)
                for q in quiz.questions
            ]  # fmt: skip
            module = quiz.module.slug if quiz.module else None
            found.append((module, settings, questions))
        return sorted(found, key=lambda item: str(item[0]))


def test_export_import_export_with_quizzes_of_every_kind_is_byte_identical(app, make, tmp_path):
    course = _course_with_quizzes(app, make)
    before = _quizzes(app, course.slug)
    first, second, third = (tmp_path / f"{n}.zip" for n in ("first", "second", "third"))
    assert courses_cli(app, "export", course.slug, str(first)).exit_code == 0
    result = courses_cli(app, "import", str(first))
    assert result.exit_code == 0 and "updated" in result.output, result.output
    courses_cli(app, "export", course.slug, str(second))
    assert second.read_bytes() == first.read_bytes()
    assert _quizzes(app, course.slug) == before
    assert make.count(Question, retired_at=None) == make.count(Question)  # nothing versioned

    with app.app_context():  # into an empty database: the quizzes come back as they were
        db.session.delete(db.session.get(Course, course.id))
        db.session.commit()
    assert make.count(Quiz) == 0 and make.count(Question) == 0
    assert "created" in courses_cli(app, "import", str(second)).output
    courses_cli(app, "export", course.slug, str(third))
    assert third.read_bytes() == first.read_bytes()
    assert _quizzes(app, course.slug) == before


def test_quiz_files_read_as_the_format_describes(app, make, tmp_path):
    course = _course_with_quizzes(app, make)
    out = tmp_path / "course.zip"
    courses_cli(app, "export", course.slug, str(out))
    with zipfile.ZipFile(out) as archive:
        course_yaml = yaml.safe_load(archive.read(f"{course.slug}/course.yaml"))
        module_quiz = archive.read(f"{course.slug}/quizzes/01-module-1.yaml").decode()
        final = archive.read(f"{course.slug}/quizzes/final.yaml").decode()
    assert course_yaml["modules"][0]["quiz"] == "quizzes/01-module-1.yaml"
    assert "quiz" not in course_yaml["modules"][1]
    assert course_yaml["final_quiz"] == "quizzes/final.yaml"
    assert module_quiz.startswith("questions:\n- kind: single_choice\n  name: first-text\n")
    assert yaml.safe_load(module_quiz)["questions"][4]["points"] == 2  # not 2.0
    assert final.startswith("title: 'التقييم «النهائي»: نعم'\npass_mark: 80\nmax_attempts: 2\n")
    block = "  prompt: |-\n    أيّ نص أعلن أولًا الحق في **التماس** المعلومات؟\n\n    اختر واحدًا.\n"
    assert block in final  # text over several lines is a block, as a person writes it


def test_the_web_download_holds_the_quizzes_too(client, make, auth, app):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = _course_with_quizzes(app, make, owner=rania)
    auth.login("rania")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/teach/courses/{course.id}/export").data))
    assert {f"{course.slug}/quizzes/01-module-1.yaml", f"{course.slug}/quizzes/final.yaml"} <= set(
        archive.namelist()
    )


def test_reimporting_an_export_keeps_trainees_attempts(
    app, client, make, signed_in_trainee, tmp_path
):
    course = _course_with_quizzes(app, make)
    quiz = make.quiz(course, course.modules[1], questions=EVERY_KIND[:2])
    make.enrol(signed_in_trainee, course)
    take(client, quiz, right_form)
    out = tmp_path / "course.zip"
    courses_cli(app, "export", course.slug, str(out))
    assert courses_cli(app, "import", str(out)).exit_code == 0
    assert make.count(Attempt) == 1 and make.get(Attempt, 1).percent == 100
    assert make.count(Question, retired_at=None) == make.count(Question)


def test_quizzes_a_package_cannot_hold_are_left_out(app, make, tmp_path):
    course = make.course(modules=1, lessons=1)
    make.quiz(course, final=True, questions=[])  # no questions yet
    out = tmp_path / "course.zip"
    courses_cli(app, "export", course.slug, str(out))
    with zipfile.ZipFile(out) as archive:
        assert not any("/quizzes/" in name for name in archive.namelist())
        assert "final_quiz" not in yaml.safe_load(archive.read(f"{course.slug}/course.yaml"))
    assert courses_cli(app, "import", str(out)).exit_code == 0


def test_a_copy_of_a_course_has_its_quizzes_and_no_attempts(
    app, client, make, auth, signed_in_trainee
):
    rania = make.user("rania", roles=("trainee", "trainer"))
    source = _course_with_quizzes(app, make, owner=rania)
    make.enrol(signed_in_trainee, source)
    take(client, _first_quiz(app, source.id), right_form)
    auth.logout()
    auth.login("rania")
    response = client.post_form(
        f"/teach/courses/{source.id}/duplicate",
        {"title": "Copie", "slug": "copy-fr", "language": "fr"},
    )
    assert response.status_code == 302
    assert _quizzes(app, "copy-fr") == _quizzes(app, source.slug)
    with app.app_context():
        copy = db.session.scalar(select(Course).where(Course.slug == "copy-fr"))
        quiz_ids = db.session.scalars(select(Quiz.id).where(Quiz.course_id == copy.id)).all()
        assert len(quiz_ids) == 2
        attempts = select(Attempt.id).where(Attempt.quiz_id.in_(quiz_ids))
        assert db.session.scalars(attempts).all() == []
    assert make.count(Attempt) == 1  # the original keeps its attempt


def _first_quiz(app, course_id):
    with app.app_context():
        quiz = db.session.scalar(
            select(Quiz).where(Quiz.course_id == course_id, Quiz.module_id.is_not(None))
        )
        _ = [question.data for question in quiz.questions]
        db.session.expunge_all()
        return quiz


def test_a_module_without_lessons_keeps_its_quiz_through_export_and_import(app, make, tmp_path):
    course = make.course(modules=1, lessons=1)
    with app.app_context():
        db.session.add(
            Module(course_id=course.id, slug="still-writing", position=2, title="Still writing")
        )
        db.session.commit()
        empty = db.session.get(Course, course.id).modules[1]
        db.session.expunge(empty)
    make.quiz(course, empty, questions=EVERY_KIND[:2])
    before = _quizzes(app, course.slug)
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    assert courses_cli(app, "export", course.slug, str(first)).exit_code == 0
    with zipfile.ZipFile(first) as archive:
        modules = yaml.safe_load(archive.read(f"{course.slug}/course.yaml"))["modules"]
    assert modules[1] == {
        "slug": "still-writing", "title": "Still writing", "lessons": [],
        "quiz": "quizzes/02-still-writing.yaml",
    }  # fmt: skip
    result = courses_cli(app, "import", str(first))
    assert result.exit_code == 0, result.output
    assert _quizzes(app, course.slug) == before
    with app.app_context():
        modules = db.session.get(Course, course.id).modules
        kept = [(m.slug, len(m.lessons)) for m in modules]
        assert kept == [("module-1", 1), ("still-writing", 0)]

    with app.app_context():  # into an empty database too
        db.session.delete(db.session.get(Course, course.id))
        db.session.commit()
    assert courses_cli(app, "import", str(first)).exit_code == 0
    courses_cli(app, "export", course.slug, str(second))
    assert second.read_bytes() == first.read_bytes()
    assert _quizzes(app, course.slug) == before
