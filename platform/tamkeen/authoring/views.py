"""The trainer's workspace: courses, modules, their order, co-trainers.

Every route needs the trainer or administrator role (403 otherwise), and every object
must be one the person may edit: another trainer's course answers 404, as if it did not
exist, so that drafts stay private.
"""

from babel.lists import format_list
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts import services as accounts
from ..accounts.permissions import can_edit, can_manage, role_required
from ..i18n import direction
from ..learning.guides import courses_with_guides
from ..learning.models import Course, CourseTrainer, Module
from ..quizzes import services as quiz_services
from ..slugs import free_slug
from ..web import ActionForm, get_or_404, render_form
from . import services
from .forms import ConfirmDeleteForm, CourseForm, ModuleForm, MoveForm, TrainerForm

bp = Blueprint("authoring", __name__, url_prefix="/teach")

trainer_required = role_required("trainer", "admin")
COURSE_FIELDS = ("title", "slug", "language", "summary", "translation_group")


def editable(model: type, object_id: int):
    """The object, if the signed-in trainer may change it; 404 otherwise."""
    obj = get_or_404(model, object_id)
    if not can_edit(current_user, obj):
        abort(404)
    return obj


def in_course_language(form, language: str, *names: str):
    """Fields holding course text are typed in the course's language and direction."""
    for name in names:
        field = getattr(form, name)
        field.render_kw = {**(field.render_kw or {}), "lang": language, "dir": direction(language)}
    return form


def editor_url(item) -> str:
    course = item if isinstance(item, Course) else item.course
    return url_for("authoring.course", course_id=course.id)


def _course_fields(form: CourseForm) -> dict:
    fields = {name: getattr(form, name).data for name in COURSE_FIELDS}
    fields["summary"] = (fields["summary"] or "").strip()
    fields["translation_group"] = fields["translation_group"] or None
    fields["hours"], fields["outcomes"] = form.hours, form.outcomes
    return fields


def isolated(text: str) -> str:
    """``text`` in Unicode isolates, so a Latin run keeps its order inside Arabic."""
    return f"\u2068{text}\u2069"


def _check_course_slug(form: CourseForm, course: Course | None = None) -> bool:
    if not form.slug.data:  # left empty: made from the title, or the course keeps its own
        form.slug.data = course.slug if course else services.propose_course_slug(form.title.data)
    if services.slug_taken(form.slug.data, exclude=course.id if course else None):
        form.slug.errors.append(_("Another course uses this short name. Choose another."))
        return False
    return True


@bp.route("/")
@trainer_required
def workspace():
    return render_template(
        "authoring/workspace.html", courses=services.taught_courses(current_user)
    )


@bp.route("/courses/new", methods=["GET", "POST"])
@trainer_required
def new_course():
    form = CourseForm()
    proposed = not form.slug.data  # the trainer is told the short name made for them
    if form.validate_on_submit() and _check_course_slug(form):
        course = services.create_course(**_course_fields(form), by=current_user)
        flash(_("The course is created, as a draft only you can see."), "success")
        if proposed:
            slug = isolated(course.slug)
            flash(_("Its short name is %(slug)s; you can change it below.", slug=slug), "info")
        return redirect(url_for("authoring.course", course_id=course.id))
    return render_form("authoring/course_new.html", form)


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@trainer_required
def course(course_id: int):
    course = editable(Course, course_id)
    form = in_course_language(
        CourseForm(obj=course), course.language, "title", "summary", "outcome_lines"
    )
    if not form.is_submitted():
        form.fill_certificate_fields(course)
    if form.validate_on_submit() and _check_course_slug(form, course):
        services.update_course(course, **_course_fields(form), by=current_user)
        flash(_("The course is saved."), "success")
        return redirect(url_for("authoring.course", course_id=course.id))
    quizzes = quiz_services.quizzes_by_module(course, unpublished=True)
    return render_form(
        "authoring/course.html",
        form,
        course=services.course_for_editing(course.id),
        quizzes=quizzes,
        question_counts=quiz_services.count_questions(quiz.id for quiz in quizzes.values()),
        translations=services.translations_of(course),
        action_form=ActionForm(),
        move_form=MoveForm(),
        can_manage=can_manage(current_user, course),
        has_guide=bool(courses_with_guides([course.id])),
    )


@bp.route("/courses/<int:course_id>/publish", methods=["POST"])
@trainer_required
def publish_course(course_id: int):
    course = editable(Course, course_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.publish_course(services.course_for_editing(course.id), by=current_user)
    flash(_("The course is published: trainees can see it and every lesson in it."), "success")
    empty = services.empty_modules(course)
    if empty:
        titles = format_list([f"« {module.title} »" for module in empty], locale=get_locale())
        flash(
            _(
                "Some modules have no lesson yet: %(modules)s. Trainees see nothing to read"
                " in them; add a lesson to each or delete them.",
                modules=titles,
            ),
            "info",
        )
    return redirect(editor_url(course))


@bp.route("/courses/<int:course_id>/unpublish", methods=["POST"])
@trainer_required
def unpublish_course(course_id: int):
    course = editable(Course, course_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.unpublish_course(course, by=current_user)
    flash(_("The course is a draft again: trainees no longer see it."), "success")
    return redirect(editor_url(course))


def delete_page(item, template_title: str, after: str):
    loss = services.progress_at_stake(item)
    form = ConfirmDeleteForm(needs_confirmation=loss.loses_anything)
    if form.validate_on_submit():
        if isinstance(item, Course):
            services.delete_course(item, by=current_user)
        else:
            services.delete_item(item, by=current_user)
        flash(_("Deleted."), "success")
        return redirect(after)
    course = item if isinstance(item, Course) else item.course
    return render_form(
        "authoring/delete.html",
        form,
        item=item,
        loss=loss,
        page_title=template_title,
        language=course.language,
        cancel=editor_url(item),
    )


@bp.route("/courses/<int:course_id>/delete", methods=["GET", "POST"])
@trainer_required
def delete_course(course_id: int):
    course = editable(Course, course_id)
    if not can_manage(current_user, course):
        abort(403)
    return delete_page(course, _("Delete the course"), url_for("authoring.workspace"))


# -- modules ---------------------------------------------------------------------------
def _check_module_slug(form: ModuleForm, course: Course, module: Module | None = None) -> bool:
    taken = {m.slug for m in course.modules if m is not module}
    if not form.slug.data:  # left empty: made from the title, or the module keeps its own
        form.slug.data = (
            module.slug if module else free_slug(form.title.data, taken, fallback="module")
        )
    if form.slug.data in taken:
        form.slug.errors.append(_("Another module of this course uses this short name."))
        return False
    return True


def _module_fields(form: ModuleForm) -> dict:
    return {
        "slug": form.slug.data,
        "title": form.title.data,
        "summary": (form.summary.data or "").strip(),
    }


@bp.route("/courses/<int:course_id>/modules/new", methods=["GET", "POST"])
@trainer_required
def new_module(course_id: int):
    course = editable(Course, course_id)
    form = in_course_language(ModuleForm(), course.language, "title", "summary")
    if form.validate_on_submit() and _check_module_slug(form, course):
        services.add_module(course, **_module_fields(form), by=current_user)
        flash(_("The module is added."), "success")
        return redirect(editor_url(course))
    return render_form("authoring/module.html", form, course=course, module=None)


@bp.route("/modules/<int:module_id>", methods=["GET", "POST"])
@trainer_required
def module(module_id: int):
    module = editable(Module, module_id)
    form = in_course_language(ModuleForm(obj=module), module.course.language, "title", "summary")
    if form.validate_on_submit() and _check_module_slug(form, module.course, module):
        services.update_module(module, **_module_fields(form), by=current_user)
        flash(_("The module is saved."), "success")
        return redirect(editor_url(module))
    return render_form("authoring/module.html", form, course=module.course, module=module)


def move_response(item):
    form = MoveForm()
    if not form.validate_on_submit() or (form.direction.data or form.position.data) is None:
        abort(400)
    services.move(
        item, direction=form.direction.data or None, position=form.position.data, by=current_user
    )
    if request.accept_mimetypes.best == "application/json":
        return {"ok": True}
    return redirect(editor_url(item) + f"#{type(item).__name__.lower()}-{item.id}")


@bp.route("/modules/<int:module_id>/move", methods=["POST"])
@trainer_required
def move_module(module_id: int):
    return move_response(editable(Module, module_id))


@bp.route("/modules/<int:module_id>/delete", methods=["GET", "POST"])
@trainer_required
def delete_module(module_id: int):
    module = editable(Module, module_id)
    return delete_page(module, _("Delete the module"), editor_url(module))


# -- co-trainers -----------------------------------------------------------------------
def _manageable(course_id: int) -> Course:
    course = editable(Course, course_id)
    if not can_manage(current_user, course):
        abort(403)
    return course


@bp.route("/courses/<int:course_id>/trainers", methods=["GET", "POST"])
@trainer_required
def trainers(course_id: int):
    course = editable(Course, course_id)
    may_manage = can_manage(current_user, course)
    if request.method == "POST" and not may_manage:
        abort(403)
    form = TrainerForm()
    if form.validate_on_submit():
        person = accounts.find_user(form.username.data)
        if person is None or not person.has_role("trainer"):
            form.username.errors.append(_("No trainer has this username."))
        elif any(row.user_id == person.id for row in course.trainers):
            form.username.errors.append(_("This trainer already teaches this course."))
        else:
            services.add_trainer(course, person, by=current_user)
            flash(_("%(name)s can now edit this course.", name=person.username), "success")
            return redirect(url_for("authoring.trainers", course_id=course.id))
    return render_form(
        "authoring/trainers.html",
        form,
        course=course,
        rows=services.trainers_of(course),
        may_manage=may_manage,
        remove_form=ActionForm(),
    )


@bp.route("/courses/<int:course_id>/trainers/<int:row_id>/remove", methods=["POST"])
@trainer_required
def remove_trainer(course_id: int, row_id: int):
    course = _manageable(course_id)
    row = get_or_404(CourseTrainer, row_id)
    if row.course_id != course.id or row.is_owner:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.remove_trainer(course, row, by=current_user)
    flash(_("%(name)s can no longer edit this course.", name=row.user.username), "success")
    return redirect(url_for("authoring.trainers", course_id=course.id))
