"""Trainers' page for extra time on their course's timed quizzes (an accommodation).

The trainee names themself to the trainer (their username): the page lists only the people
who already have extra time, never the course's other trainees.
"""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can_edit, can_view, role_required
from ..accounts.services import find_user
from ..extensions import db
from ..learning import services as learning
from ..learning.models import Course
from ..web import get_or_404, render_form
from . import extra_time
from .forms import ExtraTimeForm
from .views import bp


def _taught_course(course_id: int) -> Course:
    course = get_or_404(Course, course_id)
    if not can_view(current_user, course):
        abort(404)
    if not can_edit(current_user, course):
        abort(403)
    return course


@bp.route("/courses/<int:course_id>/extra-time", methods=["GET", "POST"])
@role_required("trainer", "admin")
def course_extra_time(course_id: int):
    course = _taught_course(course_id)
    form = ExtraTimeForm()
    if request.method == "POST" and form.validate_on_submit():
        person = find_user(form.username.data)
        if person is None or learning.find_enrolment(person, course) is None:
            form.username.errors.append(_("No trainee of this course has this username."))
        else:
            extra_time.set_extra_time(person, course, form.percent.data, by=current_user)
            db.session.commit()
            flash(_("The extra time is saved."), "success")
            return redirect(url_for("quizzes.course_extra_time", course_id=course.id))
    return render_form(
        "quizzes/extra_time.html",
        form,
        course=course,
        grants=extra_time.grants([course.id]),
        remove_form=ExtraTimeForm(formdata=None),
    )
