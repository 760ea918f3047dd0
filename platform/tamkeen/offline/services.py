"""What a saved course holds: the addresses a service worker stores for offline reading."""

from flask import url_for
from flask_babel import get_locale

from ..authoring.images import image_urls
from ..learning import services as learning
from ..learning.models import Course
from ..quizzes import services as quizzes

# Files every saved page needs, whatever the course.
SHELL_FILES = ("css/tamkeen.css", "js/quick-exit.js", "js/offline.js", "js/quiz.js", "favicon.svg")
# What pages in Tamazight add: the font's stylesheet, and the font at the address the
# stylesheet's url() asks for (without the version url_for adds).
TIFINAGH_FILES = ("css/tifinagh.css",)
TIFINAGH_FONT = "fonts/tifinagh.woff2"


def _open_attempt_pages(user, course: Course) -> list[str]:
    """The question pages of the trainee's attempts still open, so they can be answered
    offline (an attempt is started online: its questions are drawn by the server)."""
    urls = []
    for quiz in quizzes.quizzes_by_module(course).values():
        for attempt in quizzes.attempts_of(user, quiz):
            if attempt.is_submitted or quizzes.is_time_up(attempt):
                continue
            urls += [
                url_for("quizzes.question", attempt_id=attempt.id, number=number)
                for number in range(1, len(attempt.question_order) + 1)
            ]
    return urls


def saved_course_urls(user, course: Course) -> list[str]:
    """Every address of ``course`` that ``user`` reads: its page, lessons, images, quiz
    pages, the stylesheet and scripts, the offline page and the saved-courses list."""
    urls = [url_for("learning.course", course_id=course.id)]
    urls += [
        url_for("learning.lesson", course_id=course.id, lesson_id=lesson.id)
        for lesson in learning.lessons_in_order(course)
    ]
    urls += sorted(image_urls(course.id).values())
    urls += [
        url_for("quizzes.quiz", course_id=course.id, quiz_id=quiz.id)
        for quiz in quizzes.quizzes_by_module(course).values()
    ]
    urls += _open_attempt_pages(user, course)
    urls += [url_for("static", filename=name) for name in SHELL_FILES]
    if str(get_locale()) == "zgh":
        urls += [url_for("static", filename=name) for name in TIFINAGH_FILES]
        urls.append(url_for("static", filename=TIFINAGH_FONT).partition("?")[0])
    urls += [url_for("offline.offline_page"), url_for("offline.saved")]
    return urls
