"""The trainer's cartridge page: what a cartridge is, what will not travel, the download.

The access rule is the course package's (authoring.export): a trainer or an administrator
(403 otherwise), and a course the person may edit (404 otherwise). Downloading changes
nothing, so it is a GET.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..authoring import services
from ..authoring.views import editable, trainer_required
from ..learning.models import Course
from .cartridge.exporter import DEFAULT_VERSION, build_cartridge
from .cartridge.manifest import VERSIONS

bp = Blueprint("interop", __name__, url_prefix="/teach")


@bp.route("/courses/<int:course_id>/cartridge")
@trainer_required
def cartridge(course_id: int):
    course = editable(Course, course_id)
    built = build_cartridge(services.course_for_editing(course.id))
    return render_template(
        "interop/cartridge.html", course=course, report=built.report, size=len(built.data)
    )


@bp.route("/courses/<int:course_id>/cartridge.imscc")
@trainer_required
def download_cartridge(course_id: int):
    course = editable(Course, course_id)
    version = request.args.get("version", DEFAULT_VERSION)
    if version not in VERSIONS:
        flash(_("Choose version 1.1 or 1.3 of the cartridge."), "error")
        return redirect(url_for("interop.cartridge", course_id=course.id))
    built = build_cartridge(services.course_for_editing(course.id), version=version)
    suffix = "" if version == DEFAULT_VERSION else f"-cc{version.replace('.', '')}"
    return (
        built.data,
        200,
        {
            "Content-Type": "application/zip",
            "Content-Disposition": f'attachment; filename="{course.slug}{suffix}.imscc"',
            "Content-Security-Policy": "sandbox",
        },
    )
