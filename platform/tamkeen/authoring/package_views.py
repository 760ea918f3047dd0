"""Images, course packages (export and import) and copies, from the trainer's pages."""

from flask import abort, flash, redirect, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can_edit
from ..audit import record_event
from ..learning.models import Course, CourseTrainer
from ..web import INVALID_FORM, ActionForm, render_form
from . import images, services
from .archives import editable_slugs_check, import_archive
from .copies import duplicate_course
from .exporter import export_course
from .forms import DuplicateForm, ImageForm, PackageForm
from .image_cleaning import MAX_UPLOAD_BYTES, ImageRefused, clean_image
from .models import CourseImage
from .views import bp, editable, trainer_required


@bp.route("/courses/<int:course_id>/images", methods=["GET", "POST"])
@trainer_required
def course_images(course_id: int):
    course = editable(Course, course_id)
    form = ImageForm()
    if form.validate_on_submit():
        upload = form.image.data
        try:
            clean = clean_image(upload.stream.read(MAX_UPLOAD_BYTES + 1))
        except ImageRefused as refused:
            form.image.errors.append(refused.message)
        else:
            image = images.store_image(
                course, images.upload_name(upload.filename, clean.content_type), clean
            )
            record_event(current_user, "image.uploaded", image)
            flash(_("The image is ready. Copy its Markdown into a lesson."), "success")
            return redirect(url_for("authoring.course_images", course_id=course.id))
    return render_form(
        "authoring/images.html",
        form,
        course=course,
        images=images.course_images(course),
        delete_form=ActionForm(),
    )


@bp.route("/images/<int:image_id>/delete", methods=["POST"])
@trainer_required
def delete_image(image_id: int):
    image = editable(CourseImage, image_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    course_id = image.course_id
    images.delete_image(image, by=current_user)
    flash(_("The image is deleted. Lessons that show it now show its description."), "success")
    return redirect(url_for("authoring.course_images", course_id=course_id))


@bp.route("/courses/<int:course_id>/export")
@trainer_required
def export(course_id: int):
    course = editable(Course, course_id)
    data = export_course(services.course_for_editing(course.id))
    return (
        data,
        200,
        {
            "Content-Type": "application/zip",
            "Content-Disposition": f'attachment; filename="{course.slug}.zip"',
            "Content-Security-Policy": "sandbox",
        },
    )


@bp.route("/import", methods=["GET", "POST"])
@trainer_required
def import_package():
    form = PackageForm()
    report = None
    if form.validate_on_submit():
        upload = form.package.data
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        report = import_archive(
            upload.stream,
            size,
            check=editable_slugs_check(lambda course: can_edit(current_user, course)),
            language=str(get_locale()),  # a cartridge that states no language is in this one
        )
        if report.ok:
            _take_ownership(report)
            if report.skipped:  # a cartridge: the trainer reads what was left out
                page, _status = render_form("authoring/import.html", form, report=report)
                return page
            flash(_("The package is imported."), "success")
            return redirect(url_for("authoring.workspace"))
    page, status = render_form("authoring/import.html", form, report=report)
    return page, INVALID_FORM if report is not None else status


def _take_ownership(report) -> None:
    """Courses a trainer creates by importing are theirs."""
    for slug, outcome in report.courses:
        course = services.course_by_slug(slug)
        record_event(current_user, f"course.imported.{outcome}", course)
        if outcome == "created":
            course.trainers.append(CourseTrainer(user_id=current_user.id, is_owner=True))


@bp.route("/courses/<int:course_id>/duplicate", methods=["GET", "POST"])
@trainer_required
def duplicate(course_id: int):
    source = editable(Course, course_id)
    form = DuplicateForm(data={"language": source.language, "title": source.title})
    if form.validate_on_submit():
        if services.slug_taken(form.slug.data):
            form.slug.errors.append(_("Another course uses this short name. Choose another."))
        else:
            copy = duplicate_course(
                current_user,
                services.course_for_editing(source.id),
                slug=form.slug.data,
                title=form.title.data,
                language=form.language.data,
                as_translation=form.as_translation.data,
            )
            flash(_("This is the copy, a draft. The original is unchanged."), "success")
            return redirect(url_for("authoring.course", course_id=copy.id))
    return render_form("authoring/duplicate.html", form, course=source)
