"""The lesson editor: Markdown with a preview, drafts, history, diffs and restore."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import record_event
from ..learning.links import CourseLinks
from ..learning.models import Course, Lesson, Module
from ..slugs import free_slug
from ..text import render_markdown
from ..web import INVALID_FORM, ActionForm, get_or_404, render_form
from . import images, revisions, services
from .forms import LessonForm, PreviewForm
from .image_cleaning import MAX_UPLOAD_BYTES, ImageRefused, clean_image
from .models import LessonRevision
from .revisions import normalize_text
from .views import (
    bp,
    delete_page,
    editable,
    editor_url,
    in_course_language,
    move_response,
    trainer_required,
)

CONTENT_FIELDS = ("title", "summary", "body")


def _lesson_content(form: LessonForm) -> dict:
    return {
        "title": form.title.data,
        "summary": form.summary.data or "",
        "body": form.body.data or "",
        "minutes": form.minutes.data,
    }


def _review_note(form: LessonForm) -> str | None:
    """The review note applies at once, drafts or not: a caution should not wait."""
    return normalize_text(form.review_note.data).strip() or None


def _check_lesson_slug(form: LessonForm, course, lesson: Lesson | None = None) -> bool:
    taken = {other.slug for module in course.modules for other in module.lessons}
    if lesson is not None:
        taken.discard(lesson.slug)
    if not form.slug.data:  # left empty: made from the title, or the lesson keeps its own
        form.slug.data = (
            lesson.slug if lesson else free_slug(form.title.data, taken, fallback="lesson")
        )
    if form.slug.data in taken:
        form.slug.errors.append(_("Another lesson of this course uses this short name."))
        return False
    return True


def _preview(form: LessonForm, course):
    if not form.preview.data:
        return None
    return render_markdown(form.body.data, course.language, CourseLinks(course), below=2)


def _offer_images(form: LessonForm, course) -> LessonForm:
    none = ("", _("None: I upload a new image"))
    form.image_choice.choices = [none] + [(name, name) for name in images.image_names(course.id)]
    in_course_language(form, course.language, "image_alt")
    return form


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _chosen_image_markdown(form: LessonForm, course) -> str | None:
    """The Markdown of the image chosen or uploaded; None, with the fields' errors, if the
    description is missing or the upload is refused. The lesson itself is not touched."""
    form.validate()  # the image fields' own checks; the lesson's are for Save
    for field in form:
        if field.name not in LessonForm.IMAGE_FIELDS:
            field.errors = []
    alt = (form.image_alt.data or "").strip()
    upload = form.image_file.data
    has_upload = bool(upload and getattr(upload, "filename", ""))
    if not alt and not form.image_alt.errors:
        form.image_alt.errors.append(
            _("Describe what the image shows, for people who cannot see it.")
        )
    names = {value for value, _label in form.image_choice.choices if value}
    if not has_upload and form.image_choice.data not in names:
        form.image_choice.errors.append(_("Choose an image of this course, or upload a new one."))
    if form.errors:
        return None
    if has_upload:
        try:
            clean = clean_image(upload.stream.read(MAX_UPLOAD_BYTES + 1))
        except ImageRefused as refused:
            form.image_file.errors.append(refused.message)
            return None
        image = images.store_image(
            course, images.upload_name(upload.filename, clean.content_type), clean
        )
        record_event(current_user, "image.uploaded", image)
        name = image.name
    else:
        name = form.image_choice.data
    return images.image_markdown(alt, name)


def _insert_image(form: LessonForm, course, template_context: dict):
    """The Insert image button: with JavaScript, the Markdown as JSON for the script to put
    at the cursor; without, the page again with the Markdown at the end of the unsaved text."""
    markdown = _chosen_image_markdown(form, course)
    if _wants_json():
        if markdown is None:
            errors = {form[name].id: [str(e) for e in form[name].errors] for name in form.errors}
            return jsonify(errors=errors), INVALID_FORM
        return jsonify(markdown=markdown, names=images.image_names(course.id))
    preview = None
    if markdown is not None:
        body = (form.body.data or "").rstrip()
        form.body.data = f"{body}\n\n{markdown}\n" if body else f"{markdown}\n"
        form.image_alt.data, form.image_choice.data = "", ""
        _offer_images(form, course)  # a new upload is now among the course's images
        preview = render_markdown(form.body.data, course.language, CourseLinks(course), below=2)
        flash(
            _("The image is added at the end of the lesson text. Save the lesson to keep it."),
            "success",
        )
    return render_form(
        "authoring/lesson.html",
        form,
        course=course,
        preview=preview,
        image_dialog_open=markdown is None,
        **template_context,
    )


@bp.route("/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@trainer_required
def new_lesson(module_id: int):
    module = editable(Module, module_id)
    course = services.course_for_editing(module.course_id)
    form = in_course_language(LessonForm(), course.language, *CONTENT_FIELDS)
    _offer_images(form, course)
    if request.method == "POST" and form.insert_image.data:
        return _insert_image(form, course, {"module": module, "lesson": None})
    valid = form.validate_on_submit() and _check_lesson_slug(form, course)
    if valid and not form.preview.data:
        lesson = services.add_lesson(
            module, slug=form.slug.data, **_lesson_content(form), by=current_user
        )
        lesson.review_note = _review_note(form)
        flash(_("The lesson is saved."), "success")
        return redirect(url_for("authoring.lesson", lesson_id=lesson.id))
    return render_form(
        "authoring/lesson.html",
        form,
        course=course,
        module=module,
        lesson=None,
        preview=_preview(form, course) if valid else None,
    )


@bp.route("/lessons/<int:lesson_id>", methods=["GET", "POST"])
@trainer_required
def lesson(lesson_id: int):
    lesson = editable(Lesson, lesson_id)
    course = services.course_for_editing(lesson.course_id)
    form = LessonForm(
        data={
            "slug": lesson.slug,
            "review_note": lesson.review_note,
            **revisions.editable_content(lesson),
        }
    )
    in_course_language(form, course.language, *CONTENT_FIELDS)
    _offer_images(form, course)
    context = {
        "module": lesson.module,
        "lesson": lesson,
        "draft": revisions.pending_draft(lesson),
        "trainees_see": revisions.trainees_see(lesson),
        "action_form": ActionForm(),
    }
    if request.method == "POST" and form.insert_image.data:
        return _insert_image(form, course, context)
    valid = form.validate_on_submit() and _check_lesson_slug(form, course, lesson)
    if valid and not form.preview.data:
        lesson.slug = form.slug.data
        lesson.review_note = _review_note(form)
        revision = revisions.save_lesson(lesson, **_lesson_content(form), by=current_user)
        if revision.is_draft:
            flash(_("Saved as a draft. Trainees see the change once you publish it."), "success")
        else:
            flash(_("The lesson is saved."), "success")
        return redirect(url_for("authoring.lesson", lesson_id=lesson.id))
    return render_form(
        "authoring/lesson.html",
        form,
        course=course,
        preview=_preview(form, course) if valid else None,
        **context,
    )


@bp.route("/lessons/<int:lesson_id>/publish", methods=["POST"])
@trainer_required
def publish_lesson(lesson_id: int):
    lesson = editable(Lesson, lesson_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not lesson.course.is_published:
        flash(_("Publish the course first: its lessons are published with it."), "error")
    elif revisions.publish_lesson(lesson):
        record_event(current_user, "lesson.published", lesson)
        flash(_("Published: trainees now read this version."), "success")
    return redirect(url_for("authoring.lesson", lesson_id=lesson.id))


@bp.route("/lessons/<int:lesson_id>/move", methods=["POST"])
@trainer_required
def move_lesson(lesson_id: int):
    return move_response(editable(Lesson, lesson_id))


@bp.route("/lessons/<int:lesson_id>/delete", methods=["GET", "POST"])
@trainer_required
def delete_lesson(lesson_id: int):
    lesson = editable(Lesson, lesson_id)
    return delete_page(lesson, _("Delete the lesson"), editor_url(lesson))


@bp.route("/lessons/<int:lesson_id>/history")
@trainer_required
def history(lesson_id: int):
    lesson = editable(Lesson, lesson_id)
    entries = revisions.history(lesson)
    by_id = {revision.id: revision for revision in entries}
    old = by_id.get(request.args.get("old", type=int))
    new = by_id.get(request.args.get("new", type=int))
    if old is None and new is None and len(entries) >= 2:
        old, new = entries[1], entries[0]
    changes = revisions.diff(old, new) if old and new else None
    return render_template(
        "authoring/history.html",
        lesson=lesson,
        entries=entries,
        old=old,
        new=new,
        changes=changes,
        restore_form=ActionForm(),
    )


@bp.route("/lessons/<int:lesson_id>/revisions/<int:revision_id>/restore", methods=["POST"])
@trainer_required
def restore(lesson_id: int, revision_id: int):
    lesson = editable(Lesson, lesson_id)
    revision = get_or_404(LessonRevision, revision_id)
    if revision.lesson_id != lesson.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    revisions.restore(lesson, revision, by=current_user)
    flash(_("The old version is restored as the newest revision."), "success")
    return redirect(url_for("authoring.lesson", lesson_id=lesson.id))


@bp.route("/courses/<int:course_id>/preview", methods=["POST"])
@trainer_required
def live_preview(course_id: int):
    """The preview the editor's script shows as the trainer types; it changes nothing."""
    course = editable(Course, course_id)
    form = PreviewForm()
    if not form.validate_on_submit():
        abort(400)
    html = render_markdown(form.body.data, course.language, CourseLinks(course), below=2)
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}


@bp.route("/markdown")
@trainer_required
def markdown_help():
    return render_template("authoring/markdown_help.html")
