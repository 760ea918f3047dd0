"""Organizers' page for extra time on timed quizzes (an accommodation, WCAG 2.2.1): for the
cohort's participants, on the cohort's courses. The page shows only those pairs."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.permissions import role_required
from ..extensions import db
from ..quizzes import extra_time
from ..web import INVALID_FORM
from .forms import CohortExtraTimeForm
from .models import Cohort, CohortParticipant
from .policies import cohort_or_404
from .services import cohort_courses
from .views import STAFF, bp


def _participants(cohort: Cohort) -> list[User]:
    query = (
        select(User)
        .join(CohortParticipant, CohortParticipant.user_id == User.id)
        .where(CohortParticipant.cohort_id == cohort.id)
        .order_by(User.username)
    )
    return list(db.session.scalars(query))


@bp.route("/cohorts/<int:cohort_id>/extra-time", methods=["GET", "POST"])
@role_required(*STAFF)
def extra_time_page(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    people, courses = _participants(cohort), cohort_courses(cohort)
    form = CohortExtraTimeForm(people, courses)
    if request.method == "POST" and form.validate_on_submit():
        person = db.session.get(User, form.person.data)
        course = next(course for course in courses if course.id == form.course.data)
        extra_time.set_extra_time(person, course, form.percent.data, by=current_user)
        db.session.commit()
        flash(_("The extra time is saved."), "success")
        return redirect(url_for("cohorts.extra_time_page", cohort_id=cohort.id))
    page = render_template(
        "cohorts/extra_time.html",
        cohort=cohort,
        form=form,
        grants=extra_time.grants([c.id for c in courses], [p.id for p in people]),
    )
    return page, INVALID_FORM if form.errors else 200
