"""Every YAML file of a package (course.yaml, quizzes, lessons' and papers' front matter)
is refused at once, naming its file and line, when it uses anchors, aliases or merge keys,
nests too deeply or holds too much; a refused import writes nothing, from the command line
or from the web."""

import io
import time
import zipfile

import pytest

from tamkeen.learning.models import Course, Lesson
from tamkeen.papers.models import PolicyPaper
from tamkeen.quizzes.models import Question, Quiz
from tamkeen.yamlfile import MAX_CHARACTERS, MAX_NODES, YamlError, parse_yaml

from ..deadlines import deadline


def merge_bomb() -> str:
    """470 bytes that a YAML loader expands into 8⁸ mappings (20 s and hundreds of MB)."""
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4}"]
    for level in range(1, 9):
        aliases = ", ".join([f"*m{level - 1}"] * 8)
        lines.append(f"m{level}: &m{level}\n  <<: [{aliases}]")
    return "\n".join(lines) + "\n"


COURSE = """\
format: 1
slug: sample
language: en
title: A sample
modules:
  - slug: one
    title: One
    lessons: [lessons/a.md]
    quiz: quizzes/one.yaml
"""
LESSON = "---\nslug: a\ntitle: A\n---\nText.\n"
QUIZ = """\
title: Check
questions:
  - kind: true_false
    prompt: Yes?
    answer: true
"""
REFUSALS = {
    "anchor": ("title: &t Check\nquestions: []\n", 1, "anchors"),
    "alias": ("title: Check\nsummary: *t\n", 2, "anchors"),
    "merge-key": ("title: Check\nextra:\n  <<: {a: 1}\n", 3, "merge keys"),
    "deep-nesting": ("title: Check\nx: " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested"),
    "too-many-values": ("x: [" + "0," * MAX_NODES + "0]\n", 1, "too many values"),
    "too-long": ("x: " + "a" * MAX_CHARACTERS + "\n", 1, "longer than"),
}


@pytest.mark.parametrize(
    "text",
    [merge_bomb(), *(case[0] for case in REFUSALS.values())],
    ids=["merge-bomb", *REFUSALS],
)
def test_refused_yaml_is_refused_within_a_second(text):
    # Processor time, not the clock: on a shared machine the clock counts others' work.
    started = time.process_time()
    with deadline(10), pytest.raises(YamlError):
        parse_yaml(text)
    assert time.process_time() - started < 1


@pytest.mark.parametrize(("text", "line", "words"), REFUSALS.values(), ids=REFUSALS.keys())
def test_the_refusal_names_the_line(app, text, line, words):
    with app.app_context(), pytest.raises(YamlError) as refused:
        parse_yaml(text)
    assert refused.value.line == line
    assert words in str(refused.value.message)


def test_the_line_counts_from_where_the_front_matter_starts(app):
    with app.app_context(), pytest.raises(YamlError) as refused:
        parse_yaml("slug: a\ntitle: &t A\n", first_line=2)
    assert refused.value.line == 3


def test_ordinary_yaml_still_reads_with_its_lines():
    data = parse_yaml(QUIZ)
    assert data["questions"][0]["answer"] is True
    assert data.lines["questions"] == 2 and data["questions"].lines == [3]


def _package(folder, **files):
    contents = {"course.yaml": COURSE, "lessons/a.md": LESSON, "quizzes/one.yaml": QUIZ}
    contents.update(files)
    for name, text in contents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


# (file, its text, the line the problem is reported on)
PACKAGE_FILES = [
    ("course.yaml", merge_bomb(), 1),
    ("course.yaml", COURSE.replace("title: A sample", "title: &t A sample\nsummary: *t"), 4),
    ("course.yaml", COURSE + "<<: {summary: Short}\n", 10),
    ("lessons/a.md", "---\nslug: a\ntitle: &t A\nsummary: *t\n---\nText.\n", 3),
    ("quizzes/one.yaml", QUIZ.replace("prompt: Yes?", "prompt: &p Yes?\n    name: *p"), 4),
    ("quizzes/one.yaml", QUIZ + "shuffle_questions: " + "[" * 3000 + "]" * 3000 + "\n", 6),
]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    PACKAGE_FILES,
    ids=[
        "course-merge-bomb", "course-alias", "course-merge-key", "lesson-alias",
        "quiz-alias", "quiz-deep-nesting",
    ],
)  # fmt: skip
def test_a_package_with_refused_yaml_imports_nothing_from_the_command_line(
    app, make, tmp_path, name, text, line
):
    package = _package(tmp_path / "sample", **{name: text})
    with deadline(10):
        result = app.test_cli_runner().invoke(args=["courses", "import", str(package)])
    assert result.exit_code == 1
    assert f"sample/{name}:{line}: " in result.output, result.output
    assert make.count(Course) == 0 and make.count(Lesson) == 0
    assert make.count(Quiz) == 0 and make.count(Question) == 0


def _zip(folder) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"sample/{path.relative_to(folder)}")
    return buffer.getvalue()


def test_a_zip_with_the_merge_bomb_imports_nothing_from_the_web(app, client, make, auth, tmp_path):
    make.user("rania", roles=("trainee", "trainer"))
    auth.login("rania")
    data = _zip(_package(tmp_path / "sample", **{"course.yaml": merge_bomb()}))
    with deadline(10):
        response = client.post_form(
            "/teach/import",
            {"package": (io.BytesIO(data), "package.zip")},
            content_type="multipart/form-data",
        )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sample/course.yaml:1" in page and "anchors" in page
    assert make.count(Course) == 0


def test_a_paper_with_an_alias_imports_nothing(app, make, tmp_path):
    paper = (
        "---\nslug: the-law-en\nlanguage: en\ntitle: &t The law\nauthors: [Tamkeen]\n"
        "topic: advocacy\nsummary: *t\ndate: 2026-11-01\n---\n\n## Summary\n"
    )
    (tmp_path / "the-law.en.md").write_text(paper)
    with deadline(10):
        result = app.test_cli_runner().invoke(args=["papers", "import", str(tmp_path)])
    assert result.exit_code == 1
    assert "the-law.en.md:4: " in result.output and "anchors" in result.output
    assert make.count(PolicyPaper) == 0
