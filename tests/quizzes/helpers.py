"""What a trainee's browser sends for a question, the small steps every quiz test takes, and a
course package with a quiz of every kind (YAML and GIFT)."""

import re
from pathlib import Path

import yaml

from tamkeen.quizzes.kinds import KINDS

from ..factories import EVERY_KIND


def right_form(question) -> dict:
    """The form fields a trainee fills in to answer ``question`` right."""
    kind, data = question.kind, question.data
    right = KINDS[kind].right_answer(data)
    if kind == "single_choice":
        return {"answer": right}
    if kind == "multiple_response":
        return {"answer": right}  # a list: the test client sends each value
    if kind == "true_false":
        return {"answer": "true" if right else "false"}
    if kind in ("short_answer", "numeric"):
        return {"answer": right}
    if kind == "matching":
        return {f"match-{pair_id}": match_id for pair_id, match_id in right.items()}
    return {f"position-{item_id}": str(place) for item_id, place in right.items()}


def wrong_form(question) -> dict:
    kind, data = question.kind, question.data
    if kind in ("single_choice", "multiple_response"):
        wrong = [c["id"] for c in data["choices"] if c["weight"] <= 0]
        return {"answer": wrong[0]}
    if kind == "true_false":
        return {"answer": "false" if data["answer"] else "true"}
    if kind in ("short_answer", "numeric"):
        return {"answer": "12345"}
    if kind == "matching":
        first = data["pairs"][0]
        other = data["pairs"][1]["match_id"]
        return {f"match-{first['id']}": other}
    first, second = data["items"][:2]
    return {f"position-{first['id']}": "2", f"position-{second['id']}": "1"}


def start(client, quiz) -> tuple[int, str]:
    """Start (or resume) the quiz; the attempt's id and where the trainee was sent."""
    response = client.post_form(f"/courses/{quiz.course_id}/quizzes/{quiz.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    found = re.search(r"/attempts/(\d+)", location)
    assert found, location
    return int(found.group(1)), location


def answer(client, attempt_id: int, number: int, fields: dict, go: str = "next", **kwargs):
    return client.post_form(
        f"/attempts/{attempt_id}/questions/{number}", {**fields, "go": go}, **kwargs
    )


def submit(client, attempt_id: int):
    return client.post_form(f"/attempts/{attempt_id}/submit")


def take(client, quiz, forms) -> int:
    """Start an attempt, answer each question with ``forms(question)``, submit; its id."""
    attempt_id, _ = start(client, quiz)
    for number, question in enumerate(quiz.questions, start=1):
        assert answer(client, attempt_id, number, forms(question)).status_code == 302
    assert submit(client, attempt_id).status_code == 302
    return attempt_id


def same(question) -> tuple:
    """What a question says and how it scores: equal for a question and its copy."""
    return (question.kind, question.name, question.prompt, question.data, question.points,
            question.feedback)  # fmt: skip


# A course package with a quiz after each module (YAML, then GIFT) and a final quiz drawn
# from a GIFT file.
COURSE = """\
format: 1
slug: sample-en
language: en
title: A sample course
modules:
  - slug: first
    title: First module
    lessons: [lessons/one.md]
    quiz: quizzes/first.yaml
  - slug: second
    title: Second module
    lessons: [lessons/two.md]
    quiz: quizzes/second.gift
final_quiz: quizzes/final.yaml
"""

FIRST = {"title": "Check the first module", "pass_mark": 60, "max_attempts": 3,
         "shuffle_choices": True, "questions": EVERY_KIND}  # fmt: skip
SECOND = "::one::The sun rises in the east.{T}\n\n::two::Two plus two?{#4}\n"
FINAL = """\
title: Final assessment
time_limit_minutes: 20
draw: 2
shuffle_questions: true
feedback: after_pass
counts: last
gift: final-questions.gift
"""


def lesson(slug: str) -> str:
    return f"---\nslug: {slug}\ntitle: Lesson {slug}\n---\n\nSome text.\n"


def write_package(folder: Path, **files: str) -> Path:
    """The package above in ``folder``; ``files`` add or replace files (``a__b.md`` for
    ``a/b.md``; ``None`` leaves one out)."""
    contents = {
        "course.yaml": COURSE,
        "lessons/one.md": lesson("one"),
        "lessons/two.md": lesson("two"),
        "quizzes/first.yaml": yaml.safe_dump(FIRST, allow_unicode=True, sort_keys=False),
        "quizzes/second.gift": SECOND,
        "quizzes/final.yaml": FINAL,
        "quizzes/final-questions.gift": "A{T}\n\nB{F}\n\nC{=yes =oui}\n",
    }
    contents.update({name.replace("__", "/"): text for name, text in files.items()})
    for name, text in contents.items():
        if text is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def upload(client, quiz, content: bytes, name="questions.gift", fields=None):
    """A file upload as a browser sends it (built by hand: the test client would spool a
    large body to a temporary file it never closes)."""
    parts = [
        b'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + client.csrf_token().encode(),
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="' + name.encode()
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + content,
    ]  # fmt: skip
    for field, value in (fields or {}).items():
        parts.append(
            f'--B\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}'.encode()
        )
    body = b"\r\n".join(parts) + b"\r\n--B--\r\n"
    return client.post(
        f"/quizzes/{quiz.id}/gift", data=body, content_type="multipart/form-data; boundary=B"
    )
