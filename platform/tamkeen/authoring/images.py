"""Storing and serving lesson images, from the editor and from course packages."""

import re
from pathlib import PurePath
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit import record_event
from ..extensions import db
from ..learning.models import Course
from ..packages import CourseSpec, PackageReader
from .image_cleaning import MAX_UPLOAD_BYTES, CleanImage, ImageRefused, clean_image
from .models import CourseImage

IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


def upload_name(filename: str | None, content_type: str) -> str:
    """A tidy file name for an upload: letters, digits and dashes, the right extension."""
    stem = PurePath(filename or "").stem.lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:60] or "image"
    return stem + EXTENSIONS.get(content_type, "")


def course_images(course: Course) -> list[CourseImage]:
    query = select(CourseImage).where(CourseImage.course_id == course.id)
    return list(db.session.scalars(query.order_by(CourseImage.name)))


def image_names(course_id: int) -> list[str]:
    """The names of a course's images, without their data."""
    query = select(CourseImage.name).where(CourseImage.course_id == course_id)
    return list(db.session.scalars(query.order_by(CourseImage.name)))


def store_image(course: Course, name: str, clean: CleanImage) -> CourseImage:
    """Add the image, or replace the one of the same name."""
    image = db.session.scalar(
        select(CourseImage).where(CourseImage.course_id == course.id, CourseImage.name == name)
    )
    if image is None:
        image = CourseImage(course_id=course.id, name=name)
        db.session.add(image)
    image.data, image.content_type = clean.data, clean.content_type
    image.width, image.height = clean.width, clean.height
    image.byte_size, image.digest = len(clean.data), clean.digest
    db.session.flush()
    return image


def delete_image(image: CourseImage, *, by: Any) -> None:
    record_event(by, "image.deleted", image)
    db.session.delete(image)
    db.session.flush()


def image_markdown(alt: str, name: str) -> str:
    """``![alt](images/name)``: the description on one line, its brackets and backslashes
    escaped so that it cannot end the Markdown early."""
    alt = " ".join(alt.split())
    alt = re.sub(r"([\\\[\]])", r"\\\1", alt)
    return f"![{alt}](images/{name})"


def image_url(image_id: int, digest: str) -> str:
    return url_for("media.image", image_id=image_id, digest=digest[:16])


def image_urls(course_id: int) -> dict[str, str]:
    """``images/<name>`` → URL for every image of a course, in one query, without data."""
    rows = db.session.execute(
        select(CourseImage.id, CourseImage.name, CourseImage.digest).where(
            CourseImage.course_id == course_id
        )
    )
    return {f"images/{name}": image_url(image_id, digest) for image_id, name, digest in rows}


# -- course packages -------------------------------------------------------------------
def read_package_images(reader: PackageReader, course: CourseSpec) -> None:
    """Every file in the package's images/, through the same cleaning as an upload."""
    folder = reader.folder / "images"
    if folder.is_symlink():
        reader.problem(folder, 0, _l("%(path)s is a symbolic link.", path="images"))
        return
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink() or not path.is_file():
            reader.problem(path, 0, _l("Only image files belong in images/."))
        elif not IMAGE_NAME.match(path.name):
            reader.problem(
                path, 0, _l("Name image files with letters, digits, dots and dashes only.")
            )
        elif path.stat().st_size > MAX_UPLOAD_BYTES:
            reader.problem(path, 0, _l("The image is larger than 5 MB."))
        else:
            try:
                course.images[path.name] = clean_image(path.read_bytes())
            except ImageRefused as refused:
                reader.problem(path, 0, refused.message)


def package_has_image(reader, course: CourseSpec, target: str) -> bool:
    return target.removeprefix("images/") in course.images


def write_package_images(course: Course, spec: CourseSpec) -> None:
    """The package's images/ folder replaces the course's images."""
    for image in course_images(course):
        if image.name not in spec.images:
            db.session.delete(image)
    for name, clean in sorted(spec.images.items()):
        store_image(course, name, clean)
