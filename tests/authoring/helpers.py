"""What authoring tests share: course packages written to disk, the `flask courses`
commands, uploads, a course with everything an export must carry, and quiz questions of
every kind in Arabic."""

import io
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tamkeen.authoring import images
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson

from .pictures import drawing, photo

COURSE_YAML = """\
format: 1
slug: {slug}
language: {language}
translation_group: sample
title: A sample course
summary: Short.
modules:
  - slug: first
    title: First module
    lessons:
      - lessons/one.md
      - lessons/two.md
  - slug: second
    title: Second module
    lessons:
      - lessons/three.md
"""


def lesson(slug: str, body: str = "Some text.") -> str:
    return f"---\nslug: {slug}\ntitle: Lesson {slug}\nsummary: In short.\n---\n\n{body}\n"


def write_package(folder: Path, slug="sample-en", language="en", course_yaml=None, lessons=None):
    """A course package in ``folder``: two modules, three lessons (or ``lessons``, by name)."""
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(
        course_yaml or COURSE_YAML.format(slug=slug, language=language)
    )
    for name, text in (
        lessons
        or {
            "one": lesson("one", "See [the next one](lesson:two)."),
            "two": lesson("two"),
            "three": lesson("three"),
        }
    ).items():
        (folder / "lessons" / f"{name}.md").write_text(text)
    return folder


def run_import(app, path, *args):
    """Run ``flask courses import PATH``."""
    return app.test_cli_runner().invoke(args=["courses", "import", str(path), *args])


def upload(client, url, field, data, name):
    """Post a file; encoded in memory, as the test client's spooling leaks a temp file."""
    boundary, body = encode_multipart(
        {"csrf_token": client.csrf_token(), field: FileStorage(io.BytesIO(data), name)}
    )
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


ARABIC_BODY = (
    "## الحق في التعبير\r\n\r\n> اقتباس\r\n\r\nنص[^1] ![خريطة](images/map.png)\n\n[^1]: مصدر."
)


def courses_cli(app, *args):
    """Run ``flask courses ...``."""
    return app.test_cli_runner().invoke(args=["courses", *args])


def rich_course(app, make, owner=None):
    """A course whose export must keep everything: Arabic text and a title YAML would misread,
    a translation group, two images, hours and outcomes."""
    course = make.course("Arabic: «quotes» & colons: yes", language="ar", owner=owner)
    with app.app_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        lesson.body, lesson.summary, lesson.minutes = ARABIC_BODY, "  ملخص  \n", 7
        lesson.title = "2011"  # a title YAML would read as a number
        stored = db.session.get(Course, course.id)
        stored.translation_group = "rights"
        # What certificates print, with lines YAML would misread (a boolean, a number).
        stored.hours, stored.outcomes = 1.5, ["yes", "2011", "تحليل خطاب: «مثال»"]
        images.store_image(lesson.course, "map.png", clean_image(drawing()))
        images.store_image(lesson.course, "photo.jpg", clean_image(photo()))
        db.session.commit()
    return course


# Every kind again, in Arabic, with what the plain examples leave out: weights, ranges,
# catch-alls, feedback everywhere, text over several lines, a numeric-looking answer.
ARABIC = [
    {"kind": "single_choice", "name": "أول-نص", "points": 2,
     "prompt": "أيّ نص أعلن أولًا الحق في **التماس** المعلومات؟\n\nاختر واحدًا.",
     "choices": [{"text": "الإعلان العالمي لحقوق الإنسان", "correct": True, "feedback": "نعم."},
                 {"text": "دستور 2011", "weight": 50, "feedback": "جزئيًا."},
                 {"text": "قانون 88.13", "weight": -20}],
     "feedback": "المادة 19."},
    {"kind": "multiple_response", "prompt": "ما عناصر الاختبار الثلاثي؟",
     "choices": [{"text": "منصوص عليه في القانون", "weight": 60},
                 {"text": "هدف مشروع", "weight": 40, "feedback": "صحيح"},
                 {"text": "موافقة الأغلبية", "weight": -100}]},
    {"kind": "true_false", "prompt": "يجوز تقييد حرية الرأي.", "answer": False,
     "feedback_true": "لا.", "feedback_false": "أحسنت."},
    {"kind": "short_answer", "prompt": "ما الكلمة التي تعني *association*؟",
     "answers": [{"text": "جمعية"}, {"text": "جمعيه", "weight": 50, "feedback": "قريب."},
                 {"text": "*", "feedback": "راجع الدرس."}]},
    {"kind": "numeric", "prompt": "كم مادة في الإعلان العالمي؟", "points": 0.5,
     "answers": [{"value": 30, "tolerance": 0}, {"min": 28, "max": 32, "weight": 50},
                 {"value": "*", "feedback": "راجع الإعلان."}]},
    {"kind": "matching", "prompt": "طابق كل قانون بموضوعه.",
     "pairs": [{"prompt": "القانون 88.13", "match": "الصحافة"},
               {"prompt": "القانون 31.13", "match": "الحق في الحصول على المعلومات"}],
     "distractors": ["مدونة الأسرة"]},
    {"kind": "ordering", "prompt": "رتّب خطوات تأسيس جمعية.",
     "items": ["عقد الجمع العام التأسيسي", "إيداع التصريح", "تسلّم الوصل المؤقت"]},
]  # fmt: skip
