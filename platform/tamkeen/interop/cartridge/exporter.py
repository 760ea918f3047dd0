"""A course as an IMS Common Cartridge (.imscc): the zip, and what did not travel.

Layout (docs/interoperability.md): ``imsmanifest.xml``; ``lessons/MM-NN-slug.html``, one
complete web page per lesson; ``lessons/images/`` the images the lessons show, one web
content resource the pages depend on; ``quizzes/MM-slug.xml`` and ``quizzes/final.xml``,
one QTI file per quiz. The zip is deterministic like a course package
(``authoring/exporter.py``): the same course gives the same bytes.
"""

import io
import zipfile
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...authoring.exporter import ZIP_DATE
from ...authoring.images import course_images, image_names
from ...extensions import db
from ...learning.models import Course, Lesson
from ...quizzes.models import Quiz
from .manifest import VERSIONS, Item, Outline, Resource, assessment_type, manifest_xml
from .pages import IMAGE_FOLDER, PageLinks, has_paper_links, lesson_page, lesson_path
from .qti import assessment_xml, isolated

MANIFEST = "imsmanifest.xml"
DEFAULT_VERSION = "1.1"  # the only one Moodle reads; Canvas reads both
EMPTY_QUIZ = _l("%(quiz)s has no question a cartridge can hold: it is left out.")
PAPER_LINKS = _l("%(lesson)s: links to the library's papers do not travel; they are removed.")


@dataclass
class Cartridge:
    data: bytes  # the .imscc zip
    report: list[str]  # one translated sentence per thing that did not travel


def _entry(path: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The manifest first, where a quick reader looks; then every file in sorted order.
        for path in [MANIFEST, *sorted(set(files) - {MANIFEST})]:
            archive.writestr(_entry(path), files[path], compresslevel=9)
    return buffer.getvalue()


@dataclass
class _Writer:
    """A cartridge being written: its files, resources, outline items and report."""

    course: Course
    version: str
    links: PageLinks
    files: dict[str, bytes] = field(default_factory=dict)
    resources: list[Resource] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    with_images: list[Resource] = field(default_factory=list)  # lessons showing an image
    used_images: set[str] = field(default_factory=set)

    def lesson(self, key: str, lesson: Lesson) -> Item:
        path = f"lessons/{self.links.lesson_files[lesson.slug]}"
        self.links.used_images = set()
        page = lesson_page(lesson.title, lesson.body, self.course.language, self.links)
        self.files[path] = page.encode()
        if has_paper_links(lesson.body):
            self.report.append(PAPER_LINKS % {"lesson": isolated(lesson.title.strip())})
        resource = Resource(f"RES-{key}", "webcontent", [path], href=path)
        self.resources.append(resource)
        if self.links.used_images:
            self.with_images.append(resource)
            self.used_images |= self.links.used_images
        return Item(f"ITEM-{key}", lesson.title.strip(), resource.identifier)

    def quiz(self, quiz: Quiz, key: str, default_title, path: str, where: str) -> Item | None:
        with force_locale(self.course.language):  # the title is course text
            title = quiz.title.strip() or str(default_title)
        data, count, lines = assessment_xml(
            quiz, ident=f"QUIZ-{key}", title=title, version=self.version,
            language=self.course.language, where=where or title,
        )  # fmt: skip
        self.report.extend(lines)
        if not count:
            self.report.append(EMPTY_QUIZ % {"quiz": isolated(title)})
            return None
        self.files[path] = data
        resource = Resource(f"RES-QUIZ-{key}", assessment_type(self.version), [path])
        self.resources.append(resource)
        return Item(f"ITEM-QUIZ-{key}", title, resource.identifier)

    def images(self) -> None:
        """One web content resource with every image a lesson shows; those lessons need it."""
        if not self.used_images:
            return
        by_name = {image.name: image for image in course_images(self.course)}
        paths = []
        for name in sorted(self.used_images):
            paths.append(f"lessons/{IMAGE_FOLDER}/{name}")
            self.files[paths[-1]] = by_name[name].data
        self.resources.append(Resource("RES-IMAGES", "webcontent", paths))
        for resource in self.with_images:
            resource.dependencies.append("RES-IMAGES")


def build_cartridge(course: Course, *, version: str = DEFAULT_VERSION) -> Cartridge:
    """The course as a cartridge of the given version ("1.1" or "1.3") and its report."""
    if version not in VERSIONS:
        raise ValueError(f"unknown Common Cartridge version {version!r}")
    lesson_files = {
        lesson.slug: lesson_path(m, n, lesson.slug)
        for m, module in enumerate(course.modules, start=1)
        for n, lesson in enumerate(module.lessons, start=1)
    }
    writer = _Writer(course, version, PageLinks(lesson_files, set(image_names(course.id))))
    quizzes = {
        quiz.module_id: quiz
        for quiz in db.session.scalars(select(Quiz).where(Quiz.course_id == course.id))
        if quiz.questions
    }
    items: list[Item] = []
    for m, module in enumerate(course.modules, start=1):
        module_item = Item(f"ITEM-M{m:02d}", module.title.strip())
        for n, lesson in enumerate(module.lessons, start=1):
            module_item.children.append(writer.lesson(f"L{m:02d}-{n:02d}", lesson))
        if module.id in quizzes:
            path = f"quizzes/{m:02d}-{module.slug}.xml"
            quiz_item = writer.quiz(
                quizzes[module.id], f"M{m:02d}", _l("Module quiz"), path, module.title.strip()
            )
            module_item.children += [quiz_item] if quiz_item else []
        items.append(module_item)
    if None in quizzes:
        quiz_item = writer.quiz(
            quizzes[None], "FINAL", _l("Final assessment"), "quizzes/final.xml", ""
        )
        if quiz_item:
            items.append(Item("ITEM-FINAL", quiz_item.title, children=[quiz_item]))
    writer.images()
    outline = Outline(
        identifier=f"tamkeen-{course.slug}",
        title=course.title.strip(),
        language=course.language,
        description=course.summary.strip() or course.title.strip(),
        items=items,
        resources=writer.resources,
    )
    writer.files[MANIFEST] = manifest_xml(outline, version)
    return Cartridge(_zip(writer.files), writer.report)
