"""GIFT on the trainers' pages: upload a file (size-limited, UTF-8 text), download the quiz."""

import re
from pathlib import Path

import pytest

from tamkeen.extensions import db
from tamkeen.quizzes.gift import parse_gift
from tamkeen.quizzes.models import Question, Quiz

from ..authoring.helpers import courses_cli
from ..factories import EVERY_KIND, read_specs
from ..inert import active_content
from ..xss_corpus import PAYLOADS
from .helpers import same, upload

DATA = Path(__file__).parent / "data"


@pytest.fixture
def admin_quiz(make, auth):
    quiz = make.quiz(make.course(), questions=[])
    make.user("root", roles=("trainee", "admin"))
    auth.login("root")
    return quiz


def test_trainer_uploads_a_gift_file_and_sees_what_was_skipped(client, make, admin_quiz):
    source = (DATA / "moodle-fixture.gift").read_bytes()
    image = b'\n\n::picture::[html]What is this? <img src="x.png">{=a cat ~a dog}\n'
    response = upload(client, admin_quiz, source + image)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "9 questions added, 0 replaced (same name)." in page  # the essay too (issue 22)
    assert "image, which a GIFT file cannot bring" in page
    assert make.count(Question, quiz_id=admin_quiz.id) == 9


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("Fine{T}\n".encode("utf-16"), "questions.gift", "not UTF-8 text"),
        (b"Fine{T}\n", "questions.exe", "Choose a .gift, .txt or .xml file."),
        (b"x" * (512 * 1024 + 1), "big.gift", "larger than 512 KB"),
        (b"Broken{=a ~b\n", "questions.gift", "Line 1: A question needs its answers"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message_and_nothing_imported(
    client, make, admin_quiz, content, name, message
):
    response = upload(client, admin_quiz, content, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert make.count(Question) == 0


def test_trainer_downloads_the_questions_as_gift(client, make, auth):
    quiz = make.quiz(make.course())
    make.user("root", roles=("trainee", "admin"))
    auth.login("root")
    response = client.get(f"/quizzes/{quiz.id}/gift/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="quiz-{quiz.id}.gift"'
    assert "sandbox" in response.headers["Content-Security-Policy"].split("; ")
    again = parse_gift(response.get_data(as_text=True))
    assert [same(q) for q in again.questions] == [same(q) for q in read_specs(EVERY_KIND)]


def test_trainees_cannot_import_or_export(client, make, signed_in_trainee):
    quiz = make.quiz(make.course())
    assert client.get(f"/quizzes/{quiz.id}/gift/export").status_code == 403
    assert upload(client, quiz, b"Fine{T}\n").status_code == 403
    assert make.count(Question) == len(EVERY_KIND)


def test_what_a_gift_file_says_comes_back_in_its_problems_as_text(client, make, admin_quiz):
    """A problem quotes the file ("<text> is not a number."): the quote is text, not markup
    (lazily translated messages were printed unescaped before)."""

    def gift(text: str) -> str:  # GIFT's escapes for its own marks; one line
        return re.sub(r"([~=#{}:\\])", r"\\\1", " ".join(text.split()))

    content = "\n\n".join(f"Q{n}{{#{gift(p)}}}" for n, p in enumerate(PAYLOADS))
    response = upload(client, admin_quiz, content.encode())
    page = response.get_data(as_text=True)
    main = re.search(r"(?s)<main[^>]*>(.*)</main>", page).group(1)
    assert page.count("is not a number.") >= 100
    assert active_content(re.sub(r"</?form\b[^>]*>", "", main)) == []


TWINS = """::capital:: The capital of Morocco? {=Rabat ~Casablanca ~Fes}

::capital:: The capital of Tunisia? {=Tunis ~Sfax}

::capital (2):: Already numbered by its author. {T}
"""


def test_two_questions_of_one_name_are_renamed_and_the_quiz_still_travels(
    app, client, make, admin_quiz, tmp_path
):
    response = upload(client, admin_quiz, TWINS.encode(), fields={"shuffle_choices": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "3 questions added" in page
    assert "Line 3: “capital” became “capital (3)”." in page
    with app.app_context():
        quiz = db.session.get(Quiz, admin_quiz.id)
        slug, names = quiz.course.slug, [question.name for question in quiz.questions]
    assert names == ["capital", "capital (3)", "capital (2)"]
    package = tmp_path / "course.zip"
    assert courses_cli(app, "export", slug, str(package)).exit_code == 0
    result = courses_cli(app, "import", str(package))
    assert result.exit_code == 0 and "updated" in result.output, result.output
    assert make.count(Question, quiz_id=admin_quiz.id) == 3


def test_a_gift_import_shuffles_choices_unless_the_trainer_says_not_to(client, make, admin_quiz):
    page = client.get(f"/quizzes/{admin_quiz.id}/gift").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="shuffle_choices"[^>]*>', page).group(0)
    assert "checked" in box  # a new quiz: Moodle's default
    upload(client, admin_quiz, TWINS.encode(), fields={"shuffle_choices": "y"})
    assert make.get(Quiz, admin_quiz.id).shuffle_choices is True
    upload(client, admin_quiz, TWINS.encode())  # the box left unticked
    assert make.get(Quiz, admin_quiz.id).shuffle_choices is False
    page = client.get(f"/quizzes/{admin_quiz.id}/gift").get_data(as_text=True)
    assert "checked" not in re.search(r'<input[^>]*name="shuffle_choices"[^>]*>', page).group(0)
