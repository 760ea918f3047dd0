"""Quizzes in course packages: read with the package (every problem by file and line),
written in place by ``flask courses import``, and exported with the course.

A quiz file is YAML (docs/course-format.md, "Quizzes"), or GIFT when it ends in ``.gift``
(its questions, with the default settings). Questions are matched to the stored ones by
name, or by place when they have none, so that re-importing keeps trainees' attempts.
An export writes every quiz as YAML, exactly as the reader reads it back.
"""

import copy as copying
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..learning.models import Course, Module
from ..packages import CourseSpec, PackageReader
from ..yamlfile import LineDict, YamlError, parse_yaml
from .bank import write_questions
from .gift import parse_gift
from .kinds import Checker
from .models import Question, Quiz
from .spec import (
    SETTING_KEYS,
    QuizSpec,
    check_questions,
    question_to_spec,
    read_question,
    read_settings,
)

if TYPE_CHECKING:  # the exporter imports what would import this module again
    from ..authoring.exporter import PackageBuilder

QUIZ_KEYS = SETTING_KEYS | {"questions", "gift"}


def _gift_questions(reader: PackageReader, path: Path, quiz: QuizSpec) -> None:
    text = reader.read_text(path)
    if text is None:
        return
    result = parse_gift(text, unique_names=False)
    for line, message in result.errors:
        reader.problem(path, line, message)
    for line, message in result.skipped:
        reader.problem(path, line, _l("This question cannot be imported: %(why)s", why=message))
    quiz.questions = result.questions


def _yaml_questions(reader: PackageReader, path: Path, data: LineDict, quiz: QuizSpec) -> None:
    items = data.get("questions")
    if not isinstance(items, list):
        reader.problem(
            path, data.lines.get("questions", data.line), _l("questions must be a list.")
        )
        return
    for item, line in zip(items, items.lines, strict=True):
        checker = Checker(lambda at, message: reader.problem(path, at, message), line)
        question = read_question(item, checker)
        if question is not None:
            quiz.questions.append(question)


def _gift_path(reader: PackageReader, path: Path, data: LineDict) -> Path | None:
    """The GIFT file a YAML quiz names, relative to the quiz file, inside the package."""
    relative = data["gift"]
    line = data.lines["gift"]
    if not isinstance(relative, str) or not relative.strip():
        reader.problem(path, line, _l("Expected a file path inside the package."))
        return None
    folder = posixpath.dirname(path.relative_to(reader.folder).as_posix())
    joined = posixpath.normpath(posixpath.join(folder, relative))
    if relative.startswith("/") or joined.startswith(".."):
        reader.problem(path, line, _l("%(path)s leaves the package folder.", path=relative))
        return None
    return reader.resolve(joined, path, line)


def _read_yaml_quiz(reader: PackageReader, path: Path) -> QuizSpec | None:
    text = reader.read_text(path)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlError as error:
        reader.problem(path, error.line, error.message)
        return None
    data = reader.mapping(data, path, 1)
    if data is None:
        return None
    reader.check_keys(data, QUIZ_KEYS, set(), path)
    quiz = read_settings(data, Checker(lambda at, m: reader.problem(path, at, m), data.line))
    quiz.lines = dict(data.lines)
    if ("questions" in data) == ("gift" in data):
        reader.problem(path, data.line, _l("A quiz has either questions or gift, not both."))
    elif "gift" in data:
        gift = _gift_path(reader, path, data)
        if gift is not None:
            _gift_questions(reader, gift, quiz)
    else:
        _yaml_questions(reader, path, data, quiz)
    return quiz


def read_quiz(reader: PackageReader, value: Any, source: Path, line: int) -> QuizSpec | None:
    """QUIZ_READERS["default"]: the quiz a course.yaml names, checked whole."""
    path = reader.resolve(value, source, line)
    if path is None:
        return None
    if path.suffix == ".gift":
        quiz = QuizSpec()
        _gift_questions(reader, path, quiz)
    else:
        quiz = _read_yaml_quiz(reader, path)
        if quiz is None:
            return None
    quiz.path = reader.name(path)
    report = Checker(lambda at, message: reader.problem(path, at, message), 1)
    check_questions(quiz, report, 1)
    return quiz


# -- writing -----------------------------------------------------------------------------


def write_quiz(course: Course, module: Module | None, quiz: Quiz | None, spec: QuizSpec) -> Quiz:
    if quiz is None:
        quiz = Quiz(course=course, module=module)
        db.session.add(quiz)
    for name, value in spec.settings().items():
        setattr(quiz, name, value)
    write_questions(quiz, spec.questions)
    return quiz


def write_course_quizzes(course: Course, spec: CourseSpec) -> None:
    """COURSE_WRITERS: the course's quizzes become those of its package."""
    modules = {
        m.slug: m for m in db.session.scalars(select(Module).where(Module.course_id == course.id))
    }
    quizzes = {
        q.module_id: q for q in db.session.scalars(select(Quiz).where(Quiz.course_id == course.id))
    }
    wanted = [(modules[m.slug], m.quiz) for m in spec.modules] + [(None, spec.final_quiz)]
    for module, quiz_spec in wanted:
        quiz = quizzes.pop(module.id if module else None, None)
        if quiz_spec is not None:
            write_quiz(course, module, quiz, quiz_spec)
        elif quiz is not None:
            db.session.delete(quiz)
    for quiz in quizzes.values():
        db.session.delete(quiz)
    db.session.flush()


# -- exporting ---------------------------------------------------------------------------


class _QuizDumper(yaml.SafeDumper):
    """Text over several lines is written as a block, as a person would write it."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_QuizDumper.add_representer(str, _text)


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def quiz_file(quiz: Quiz) -> str:
    """The quiz as a YAML quiz file: the settings that differ from the defaults, the questions."""
    data, defaults, count = {}, QuizSpec(), len(quiz.questions)
    for name in QuizSpec.SETTINGS:
        value = getattr(quiz, name)
        if name == "draw" and value is not None and value >= count:
            value = None  # drawing them all is not drawing
        if value != getattr(defaults, name) and value not in (None, ""):
            data[name] = value
    data["questions"] = [
        question_to_spec(
            question.kind,
            question.prompt,
            question.data,
            name=question.name,
            points=_whole(question.points),
            feedback=question.feedback,
        )  # fmt: skip
        for question in quiz.questions
    ]
    return yaml.dump(data, Dumper=_QuizDumper, sort_keys=False, allow_unicode=True, width=10_000)


def write_package_quizzes(builder: "PackageBuilder") -> None:
    """PACKAGE_WRITERS: each module's quiz and the final quiz, as YAML files in quizzes/.

    A quiz without questions, or of a module the package leaves out (one without
    lessons), is not written: a package could not hold it.
    """
    course = builder.course
    quizzes = {
        q.module_id: q for q in db.session.scalars(select(Quiz).where(Quiz.course_id == course.id))
    }
    for number, module in enumerate(course.modules, start=1):
        quiz, entry = quizzes.get(module.id), builder.module_entries.get(module.id)
        if quiz is not None and entry is not None and quiz.questions:
            entry["quiz"] = f"quizzes/{number:02d}-{module.slug}.yaml"
            builder.add_file(entry["quiz"], quiz_file(quiz))
    final = quizzes.get(None)
    if final is not None and final.questions:
        builder.course_yaml["final_quiz"] = "quizzes/final.yaml"
        builder.add_file("quizzes/final.yaml", quiz_file(final))


# -- copies ------------------------------------------------------------------------------


def copy_course_quizzes(source: Course, copy: Course) -> None:
    """COPY_WRITERS: the copy's modules get the same quizzes, with no attempt."""
    modules = {module.slug: module for module in copy.modules}
    for quiz in db.session.scalars(select(Quiz).where(Quiz.course_id == source.id)):
        twin = Quiz(course_id=copy.id, module=modules[quiz.module.slug] if quiz.module else None)
        for name in QuizSpec.SETTINGS:
            setattr(twin, name, getattr(quiz, name))
        db.session.add(twin)
        for question in quiz.questions:
            twin.questions.append(
                Question(
                    position=question.position,
                    kind=question.kind,
                    name=question.name,
                    prompt=question.prompt,
                    data=copying.deepcopy(question.data),
                    points=question.points,
                    feedback=question.feedback,
                )  # fmt: skip
            )
    db.session.flush()
