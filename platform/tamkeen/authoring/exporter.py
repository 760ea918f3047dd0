"""Writing a course as a package zip (docs/course-format.md) that imports back as it was.

The archive is deterministic: files in sorted order, fixed timestamps and permissions, and
text written exactly as the package reader reads it. So export → import → export gives
the same bytes, and a package kept in version control changes only where the course did.

Other domains add their own files through ``PACKAGE_WRITERS``, each called with the
``PackageBuilder`` (the quiz engine writes ``quizzes/`` and sets each module's ``quiz:``
key), as the importer has ``COURSE_WRITERS``.
"""

import io
import zipfile
from dataclasses import dataclass, field

import yaml

from ..learning.models import Course, Lesson, Module
from ..packages import FORMAT_VERSION, PACKAGE_WRITERS
from .images import course_images
from .revisions import normalize_text

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; the same in every export
GUIDE_FILE = "facilitator-guide.md"


@dataclass
class PackageBuilder:
    """A package being written: course.yaml's data and every other file, by path."""

    course: Course
    course_yaml: dict
    module_entries: dict[int, dict]  # module id → that module's entry in course_yaml
    files: dict[str, bytes] = field(default_factory=dict)

    def add_file(self, path: str, data: bytes | str) -> None:
        if path in self.files or path == "course.yaml":
            raise ValueError(f"{path} is already in the package")
        self.files[path] = data.encode() if isinstance(data, str) else data


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def _optional(entry: dict, key: str, value) -> None:
    if value not in (None, ""):
        entry[key] = value


def lesson_file(lesson: Lesson) -> str:
    front = {"slug": lesson.slug, "title": lesson.title.strip()}
    _optional(front, "summary", normalize_text(lesson.summary).strip())
    _optional(front, "minutes", lesson.minutes)
    if lesson.review_note:
        front["review"] = True
        front["review_note"] = normalize_text(lesson.review_note).strip()
    return f"---\n{_dump(front)}---\n{normalize_text(lesson.body)}"


def _module_entry(builder: PackageBuilder, number: int, module: Module) -> dict:
    entry = {"slug": module.slug, "title": module.title.strip()}
    _optional(entry, "summary", normalize_text(module.summary).strip())
    entry["lessons"] = []
    for lesson_number, lesson in enumerate(module.lessons, start=1):
        path = f"lessons/{number:02d}-{module.slug}/{lesson_number:02d}-{lesson.slug}.md"
        builder.add_file(path, lesson_file(lesson))
        entry["lessons"].append(path)
    builder.module_entries[module.id] = entry
    return entry


def build_package(course: Course) -> PackageBuilder:
    data = {"format": FORMAT_VERSION, "slug": course.slug, "language": course.language}
    _optional(data, "translation_group", course.translation_group)
    data["title"] = course.title.strip()
    _optional(data, "summary", normalize_text(course.summary).strip())
    data["status"] = course.status
    if course.hours:
        data["hours"] = int(course.hours) if float(course.hours).is_integer() else course.hours
    if course.outcomes:
        data["outcomes"] = list(course.outcomes)
    builder = PackageBuilder(course, data, {})
    if course.guide is not None:
        data["facilitator_guide"] = GUIDE_FILE
        builder.add_file(GUIDE_FILE, course.guide.source)  # as imported, byte for byte
    data["modules"] = [
        _module_entry(builder, number, module)
        for number, module in enumerate(course.modules, start=1)
    ]  # a module without lessons yet keeps its place (and its quiz) with ``lessons: []``
    for image in course_images(course):
        builder.add_file(f"images/{image.name}", image.data)
    for writer in PACKAGE_WRITERS:
        writer(builder)
    return builder


def _entry(path: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever system exports
    info.external_attr = 0o100644 << 16
    return info


def export_course(course: Course) -> bytes:
    """The course as a zip holding one folder named after its slug."""
    builder = build_package(course)
    files = {"course.yaml": _dump(builder.course_yaml).encode(), **builder.files}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            archive.writestr(_entry(f"{course.slug}/{path}"), files[path], compresslevel=9)
    return buffer.getvalue()
