"""The trainee's quiz pages: the quiz, one question per page, the summary, the review.

Every answer is saved by a plain form POST (save, previous, next, or a question's number),
so the quiz works without JavaScript; static/js/quiz.js also saves on change.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.permissions import can_edit, can_view
from ..extensions import db
from ..learning import services as learning
from ..learning.links import CourseLinks
from ..text import render_markdown
from . import extra_time, services
from .forms import AnswerForm, StartForm, SubmitAttemptForm
from .kinds import KINDS, AnswerError, InvalidAnswer
from .models import Attempt, Quiz

bp = Blueprint("quizzes", __name__)

SAVED, RELOAD = 204, 205  # what an answer saved by JavaScript gets back


def _course_and_quiz(course_id: int, quiz_id: int):
    course = learning.course_outline(course_id)
    quiz = db.session.get(Quiz, quiz_id)
    if course is None or quiz is None or quiz.course_id != course.id:
        abort(404)
    if not can_view(current_user, course):
        abort(404)
    if not quiz.is_published and not can_edit(current_user, course):
        abort(404)  # still being written: only its trainers try it
    return course, quiz


def _own_attempt(attempt_id: int) -> Attempt:
    """The signed-in trainee's attempt; anyone else's is 'not found', never 'forbidden'."""
    attempt = services.own_attempt(current_user, attempt_id)
    if attempt is None or not can_view(current_user, attempt.quiz):
        abort(404)
    return attempt


def quiz_url(quiz: Quiz) -> str:
    return url_for("quizzes.quiz", course_id=quiz.course_id, quiz_id=quiz.id)


@bp.route("/courses/<int:course_id>/quizzes/<int:quiz_id>")
def quiz(course_id: int, quiz_id: int):
    course, quiz = _course_and_quiz(course_id, quiz_id)
    enrolment = learning.find_enrolment(current_user, course)
    attempts = services.attempts_of(current_user, quiz) if enrolment else []
    standing = services.standing_of(current_user, quiz) if enrolment else None
    return render_template(
        "quizzes/quiz.html",
        course=course,
        quiz=quiz,
        enrolment=enrolment,
        attempts=attempts,
        standing=standing,
        attempts_left=services.attempts_left(quiz, standing) if standing else None,
        # A trainer trying a quiz still being written sees where it will stand.
        ordered=services.in_order(
            course, services.quizzes_by_module(course, unpublished=not quiz.is_published)
        ),
        start_form=StartForm(),
        submit_form=SubmitAttemptForm(),
        now_time_up=services.is_time_up,
        # Only the person sees their own extra time (it hints at a disability).
        extra_percent=extra_time.extra_percent(current_user.id, course.id) if enrolment else 0,
        minutes_for=extra_time.minutes_for,
    )


@bp.route("/courses/<int:course_id>/quizzes/<int:quiz_id>/start", methods=["POST"])
@login_required
def start(course_id: int, quiz_id: int):
    course, quiz = _course_and_quiz(course_id, quiz_id)
    if not StartForm().validate_on_submit():
        abort(400)
    if learning.find_enrolment(current_user, course) is None:
        flash(_("Enrol in the course to take its quizzes."), "info")
        return redirect(url_for("learning.course", course_id=course.id))
    try:
        attempt = services.start_attempt(current_user, quiz)
    except services.QuizRefusal as refusal:
        flash(str(refusal.message), "error")
        return redirect(quiz_url(quiz))
    if attempt.is_submitted:
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    number = services.first_unanswered(services.pages(attempt))
    return redirect(url_for("quizzes.question", attempt_id=attempt.id, number=number))


def _prompt(attempt: Attempt, page):
    """A question's prompt as HTML; ``lesson:`` links lead to the course's lessons."""
    course = attempt.quiz.course
    return render_markdown(page.question.prompt, course.language, CourseLinks(course))


def _render_question(attempt: Attempt, number: int, error=None):
    pages = services.pages(attempt)
    if not 1 <= number <= len(pages):
        abort(404)
    page = pages[number - 1]
    view = services.view_of(attempt, page)
    if error:  # show what was typed, so that it can be corrected
        view["typed"] = request.form.get("answer", "")
    return render_template(
        "quizzes/question.html",
        attempt=attempt,
        quiz=attempt.quiz,
        pages=pages,
        page=page,
        kind=KINDS[page.question.kind],
        view=view,
        prompt=_prompt(attempt, page),
        form=AnswerForm(),
        error=error,
        seconds_left=services.seconds_left(attempt),
    ), (422 if error else 200)


def _next_url(attempt: Attempt, number: int, go: str | None, count: int) -> str:
    if go == "summary" or (go == "next" and number >= count):
        return url_for("quizzes.summary", attempt_id=attempt.id)
    target = {"previous": number - 1, "next": number + 1}.get(go or "stay", number)
    if go and go.isdigit():
        target = int(go)
    target = min(max(target, 1), count)
    return url_for("quizzes.question", attempt_id=attempt.id, number=target)


@bp.route("/attempts/<int:attempt_id>/questions/<int:number>", methods=["GET", "POST"])
@login_required
def question(attempt_id: int, number: int):
    attempt = _own_attempt(attempt_id)
    if request.method == "GET":
        if attempt.is_submitted:
            return redirect(url_for("quizzes.review", attempt_id=attempt.id))
        if services.is_time_up(attempt):
            return render_template(
                "quizzes/time_up.html", attempt=attempt, form=SubmitAttemptForm()
            )
        return _render_question(attempt, number)
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    autosave = form.autosave.data == "1"
    try:
        services.save_answer(current_user, attempt.id, number, request.form)
    except LookupError:
        abort(404)
    except InvalidAnswer:
        abort(400)
    except AnswerError as error:
        return _render_question(attempt, number, error=error.args[0])
    except services.QuizRefusal as refusal:
        if autosave:
            return "", RELOAD
        flash(str(refusal.message), "error")
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    if autosave:
        return "", SAVED
    flash(_("Your answer to question %(n)d is saved.", n=number), "success")
    return redirect(_next_url(attempt, number, form.go.data, len(attempt.question_order)))


@bp.route("/attempts/<int:attempt_id>/summary")
@login_required
def summary(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.is_submitted:
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    template = "quizzes/time_up.html" if services.is_time_up(attempt) else "quizzes/summary.html"
    return render_template(
        template, attempt=attempt, quiz=attempt.quiz, pages=services.pages(attempt),
        form=SubmitAttemptForm(), seconds_left=services.seconds_left(attempt),
    )  # fmt: skip


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if not SubmitAttemptForm().validate_on_submit():
        abort(400)
    attempt = services.submit(current_user, attempt.id)
    return redirect(url_for("quizzes.review", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>")
@login_required
def review(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if not attempt.is_submitted:
        return redirect(url_for("quizzes.question", attempt_id=attempt.id, number=1))
    quiz = attempt.quiz
    standing = services.standing_of(current_user, quiz)
    pages = services.pages(attempt)
    return render_template(
        "quizzes/review.html",
        attempt=attempt,
        quiz=quiz,
        standing=standing,
        show_answers=services.feedback_shown(quiz, standing),
        items=[
            (
                page,
                KINDS[page.question.kind],
                services.view_of(attempt, page),
                _prompt(attempt, page),
            )
            for page in pages
        ],
    )
