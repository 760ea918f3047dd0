"""The grading queue: the course's trainers (and administrators) grade essay answers.

The page lists the waiting answers without the trainees' names; each has its own form
(points and feedback), posted on its own. Who may open it is the course's edit policy.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can_edit, can_view, role_required
from ..extensions import db
from ..learning.models import Course
from ..numbers import short_number
from . import grading
from .forms import GradeForm
from .kinds import KINDS
from .services import QuizRefusal
from .views import bp


def _course(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None or not can_view(current_user, course):
        abort(404)
    if not can_edit(current_user, course):
        abort(403)
    return course


def _render(course: Course, failed: tuple[int, GradeForm] | None = None, refusal=None):
    waiting = grading.queue(course)
    forms = {item.response.id: GradeForm(prefix=f"r{item.response.id}-", formdata=None)
             for item in waiting}  # fmt: skip
    if failed is not None and failed[0] in forms:
        forms[failed[0]] = failed[1]
    for item in waiting:
        forms[item.response.id].points.description = _(
            "From 0 to %(max)s.", max=short_number(item.question.points)
        )
    return render_template(
        "quizzes/grading.html",
        course=course,
        waiting=waiting,
        total=grading.waiting_count(course),
        forms=forms,
        kinds=KINDS,
        refusal=refusal,
    ), (422 if failed else 200)


@bp.route("/courses/<int:course_id>/grading")
@role_required("trainer", "admin")
def grading_queue(course_id: int):
    return _render(_course(course_id))


@bp.route("/courses/<int:course_id>/grading/<int:response_id>", methods=["POST"])
@role_required("trainer", "admin")
def grade(course_id: int, response_id: int):
    course = _course(course_id)
    form = GradeForm(prefix=f"r{response_id}-")
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _render(course, (response_id, form))
    points = form.points_value()
    if points is None:
        return _render(course, (response_id, form))
    try:
        grading.grade_answer(course, response_id, points, form.feedback.data or "", by=current_user)
    except LookupError:
        abort(404)
    except QuizRefusal as refusal:
        form.points.errors = [*form.points.errors, refusal.message]
        return _render(course, (response_id, form), refusal=refusal.message)
    flash(_("The grade is saved."), "success")
    return redirect(url_for("quizzes.grading_queue", course_id=course.id))
