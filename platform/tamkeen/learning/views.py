"""The trainee's pages."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.permissions import can_edit, can_view
from ..i18n import chosen_language, default_content_filter
from ..jobs.pages import progress_page, ready_page
from ..jobs.queue import Pending, made_off_request
from ..quizzes import services as quizzes
from ..quizzes.standing import passed_quiz_ids, standings
from ..text import render_markdown
from ..web import get_or_404, send_download
from . import services
from .forms import CatalogueFilterForm, CompleteLessonForm, EnrolForm
from .guides import guide_pdf, may_read_guide
from .handbook import handbook_pdf
from .links import CourseLinks
from .models import Course

bp = Blueprint("learning", __name__)


def _viewable_outline(course_id: int) -> Course:
    course = services.course_outline(course_id)
    if course is None or not can_view(current_user, course):
        abort(404)
    return course


@bp.route("/")
def home():
    return render_template("learning/home.html")


@bp.route("/courses")
def catalogue():
    form = CatalogueFilterForm(request.args, language=default_content_filter())
    language = chosen_language(form.language.data) if form.validate() else None
    courses = services.published_courses(language, first=str(get_locale()))
    return render_template("learning/catalogue.html", form=form, courses=courses, language=language)


def _quiz_standings(quiz_list, enrolment) -> dict:
    """The signed-in trainee's standing on each quiz, by quiz id (empty if not enrolled)."""
    if not enrolment or not quiz_list:
        return {}
    found = standings([current_user.id], [quiz.id for quiz in quiz_list])
    return {quiz_id: standing for (_user, quiz_id), standing in found.items()}


@bp.route("/courses/<int:course_id>")
def course(course_id: int):
    course = _viewable_outline(course_id)
    enrolment = services.find_enrolment(current_user, course)
    done = services.completed_lesson_ids(current_user, course) if enrolment else set()
    course_quizzes = quizzes.quizzes_by_module(course)
    quiz_standings = _quiz_standings(list(course_quizzes.values()), enrolment)
    passed = {quiz_id for quiz_id, standing in quiz_standings.items() if standing.is_passed}
    progress = None
    if enrolment:  # progress_query's counts, from the rows loaded above (no query)
        progress = services.outline_progress(course, done, course_quizzes, passed)
    return render_template(
        "learning/course.html",
        course=course,
        enrolment=enrolment,
        done=done,
        progress=progress,
        translations=services.published_translations(course),
        next_step=services.next_step(course, done, course_quizzes, passed),
        quizzes=course_quizzes,
        quiz_standings=quiz_standings,
        can_edit_course=can_edit(current_user, course),
        # Only the enrol button uses it (its CSRF token costs as much as a query).
        enrol_form=EnrolForm() if current_user.is_authenticated and not enrolment else None,
    )


@bp.route("/courses/<int:course_id>/handbook")
def handbook(course_id: int):
    """The whole course as one printable PDF."""
    course = _viewable_outline(course_id)
    retry = request.args.get("retry") == "1"
    made = made_off_request("handbook", course.id, make=lambda: handbook_pdf(course), retry=retry)
    here = url_for("learning.handbook", course_id=course.id)
    title = _("The handbook of “%(title)s”", title=course.title)
    if isinstance(made, Pending):  # the queue is making it (TAMKEEN_JOBS=queue)
        check = url_for("learning.handbook", course_id=course.id, wait=1)
        again = url_for("learning.handbook", course_id=course.id, wait=1, retry=1)
        return progress_page(made, title, check, again)
    if request.args.get("wait"):  # the progress page's last refresh
        return ready_page(title, here)
    return send_download(
        made, f"handbook-{course.id}-{course.language}.pdf", public=course.is_published
    )


@bp.route("/courses/<int:course_id>/facilitator-guide.pdf")
@login_required
def facilitator_guide(course_id: int):
    """How to run the course as a workshop: for those who run it (guides.py says why)."""
    course = get_or_404(Course, course_id)
    if not can_view(current_user, course) or course.guide is None:
        abort(404)
    if not may_read_guide(current_user, course):
        abort(403)
    return send_download(
        guide_pdf(course, course.guide),
        f"facilitator-guide-{course.id}-{course.language}.pdf",
        public=False,
    )


@bp.route("/courses/<int:course_id>/enrol", methods=["POST"])
@login_required
def enrol(course_id: int):
    course = _viewable_outline(course_id)
    if not EnrolForm().validate_on_submit():
        abort(400)
    services.enrol(current_user, course)
    flash(_("You are enrolled. Welcome to the course!"), "success")
    first = services.next_lesson(course, services.completed_lesson_ids(current_user, course))
    if first is None:
        return redirect(url_for("learning.course", course_id=course.id))
    return redirect(url_for("learning.lesson", course_id=course.id, lesson_id=first.id))


def _lesson_in(course: Course, lesson_id: int):
    for lesson in services.lessons_in_order(course):
        if lesson.id == lesson_id:
            return lesson
    abort(404)


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>")
def lesson(course_id: int, lesson_id: int):
    course = _viewable_outline(course_id)
    lesson = _lesson_in(course, lesson_id)
    enrolment = services.find_enrolment(current_user, course)
    done = services.completed_lesson_ids(current_user, course) if enrolment else set()
    previous, following = services.neighbours(course, lesson)
    lessons = services.lessons_in_order(course)
    after = _quizzes_after(course, lesson, following)
    return render_template(
        "learning/lesson.html",
        course=course,
        lesson=lesson,
        body=render_markdown(lesson.body, course.language, CourseLinks(course)),
        enrolment=enrolment,
        is_done=lesson.id in done,
        previous=previous,
        following=following,
        position=lessons.index(lesson) + 1,
        lesson_count=len(lessons),
        complete_form=CompleteLessonForm(),
        enrol_form=EnrolForm(),
        quizzes_after=after,
        quiz_standings=_quiz_standings(after, enrolment),
    )


def _quizzes_after(course: Course, lesson, following) -> list:
    """The quizzes that come right after ``lesson``: its module's, and at the very end the
    final one."""
    if lesson is not lesson.module.lessons[-1]:
        return []
    course_quizzes = quizzes.quizzes_by_module(course)
    after = [course_quizzes.get(lesson.module_id)]
    if following is None:
        after.append(course_quizzes.get(None))
    return [quiz for quiz in after if quiz is not None]


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/complete", methods=["POST"])
@login_required
def complete_lesson(course_id: int, lesson_id: int):
    course = _viewable_outline(course_id)
    lesson = _lesson_in(course, lesson_id)
    form = CompleteLessonForm()
    if not form.validate_on_submit():
        abort(400)
    queued = form.autosave.data == "1"
    if services.find_enrolment(current_user, course) is None:
        if queued:
            abort(404)
        flash(_("Enrol in the course to keep track of your progress."), "info")
        return redirect(url_for("learning.course", course_id=course.id))
    completed_course = services.mark_complete(current_user, lesson)
    if queued:
        return "", 204
    if completed_course:
        flash(_("Congratulations, you have completed this course!"), "success")
        return redirect(url_for("learning.course", course_id=course.id))
    _previous, following = services.neighbours(course, lesson)
    passed = passed_quiz_ids(current_user.id, [course.id])
    for quiz in _quizzes_after(course, lesson, following):
        if quiz.id not in passed:  # the module ends with its quiz
            return redirect(url_for("quizzes.quiz", course_id=course.id, quiz_id=quiz.id))
    if following is None:
        return redirect(url_for("learning.course", course_id=course.id))
    return redirect(url_for("learning.lesson", course_id=course.id, lesson_id=following.id))


@bp.route("/learning")
@login_required
def my_learning():
    courses = services.my_courses(current_user)
    resume = services.continue_steps(current_user, [course.id for course, _p in courses])
    panels = [found for panel in services.LEARNING_PANELS if (found := panel(current_user))]
    return render_template(
        "learning/my_learning.html", courses=courses, resume=resume, panels=panels
    )
