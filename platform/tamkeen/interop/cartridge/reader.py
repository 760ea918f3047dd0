"""An unpacked IMS Common Cartridge (1.0 to 1.3) → a course package folder, and a report.

The cartridge's zip has already passed the package zips' checks (`authoring/archives.py`:
size, bombs, paths, links). Here its `imsmanifest.xml` is read namespace-agnostically (as
Canvas does), through `xmlsafe` only; the organisation's items give the modules, lessons
and quizzes and their titles; web pages become Markdown lessons (sanitised, images carried
into the package's images/), QTI assessments become quiz files. What Tamkeen cannot hold
(discussions, LTI links, assignments, question banks, Canvas-only quizzes, …) is one report
line each. The folder written is an ordinary course package: the package reader then checks
it as it checks any other, and the importer writes it, or nothing.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from flask_babel import lazy_gettext as _l

from ...authoring.image_cleaning import MAX_UPLOAD_BYTES, ImageRefused, clean_image
from ...i18n import FIRST_STRONG_ISOLATE, LANGUAGES, POP_DIRECTIONAL_ISOLATE
from ...packages import Problem
from ...slugs import numbered_slug, propose_slug
from ..html_markdown import convert
from ..xmlsafe import UnsafeXML, children, first_child, local_name, parse
from .qti_read import read_assessment

MANIFEST = "imsmanifest.xml"
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_PAGE_BYTES = 2 * 1024 * 1024
SLUG_LIMIT = 60
# Canvas writes links to the cartridge's files as $IMS-CC-FILEBASE$/..., to its own
# objects as $CANVAS_OBJECT_REFERENCE$/... and $WIKI_REFERENCE$/...
FILEBASE = "$IMS-CC-FILEBASE$"


@dataclass
class CartridgeRead:
    """What reading a cartridge gave: the package folder, or the problems refusing it."""

    package: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # one line per thing left out


@dataclass
class _Resource:
    identifier: str
    type: str
    href: str | None
    files: list[str]
    dependencies: list[str]
    intended_use: str


@dataclass
class _Entry:
    """An organisation item that points at a resource, with its title."""

    title: str
    resource: _Resource | None
    ref: str


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def isolated(value: str) -> str:
    """A value for a translated report line, in Unicode isolates (FSI … PDI): a Latin file
    name keeps its order inside an Arabic sentence (i18n.isolate, for plain text)."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def slugify(text: str) -> str:
    """A slug from a title in any of Tamkeen's scripts (Arabic and Tifinagh transliterated)."""
    return propose_slug(text, SLUG_LIMIT, fallback="")


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = numbered_slug(slug, number, SLUG_LIMIT)
    taken.add(candidate)
    return candidate


def _inside(base: PurePosixPath, relative: str) -> str | None:
    """``relative`` (from the folder ``base``) as a path of the cartridge, or None outside."""
    parts: list[str] = list(base.parts)
    for part in PurePosixPath(relative).parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part == "/":
            return None
        else:
            parts.append(part)
    return "/".join(parts) if parts else None


class CartridgeReader:
    def __init__(self, folder: Path, out: Path, language: str, status: Callable[[str], str]):
        self.folder = folder
        self.status = status
        self.out = out
        self.default_language = language if language in LANGUAGES else "ar"
        self.result = CartridgeRead()
        self.resources: dict[str, _Resource] = {}
        self.used: set[str] = set()
        self.lesson_slugs: set[str] = set()
        self.pages: dict[str, str] = {}  # cartridge path of a page → its lesson's slug
        self.images: dict[str, str] = {}  # cartridge path of an image → its name in images/
        self.image_names: set[str] = set()
        self.written: set[str] = set()

    # -- reporting ----------------------------------------------------------------------
    def skip(self, where: str, message: Any) -> None:
        self.result.skipped.append(Problem(where, 0, message))

    def refuse(self, where: str, message: Any) -> CartridgeRead:
        self.result.problems.append(Problem(where, 0, message))
        return self.result

    # -- files ---------------------------------------------------------------------------
    def file(self, path: str) -> Path | None:
        """The unpacked file at the cartridge path ``path``, if it is a plain file in it."""
        candidate = self.folder / path
        for part in [candidate, *candidate.parents]:
            if part == self.folder:
                break
            if part.is_symlink():
                return None
        return candidate if candidate.is_file() else None

    def xml(self, path: str):
        """The parsed XML file at ``path``; a problem (and None) if it is refused."""
        source = self.file(path)
        if source is None:
            self.result.problems.append(Problem(path, 0, _l("%(path)s does not exist.", path=path)))
            return None
        try:
            return parse(source.read_bytes())
        except UnsafeXML:
            self.result.problems.append(
                Problem(
                    path,
                    0,
                    _l(
                        "This XML file is refused: it is not well-formed, or it has a "
                        "DOCTYPE or entities."
                    ),
                )
            )
            return None

    # -- the cartridge -------------------------------------------------------------------
    def read(self) -> CartridgeRead:
        if self.file(MANIFEST) is None:
            return self.refuse(
                MANIFEST, _l("This archive has no imsmanifest.xml: it is not a Common Cartridge.")
            )
        manifest = self.xml(MANIFEST)
        if manifest is None:
            return self.result
        if local_name(manifest) != "manifest":
            return self.refuse(MANIFEST, _l("imsmanifest.xml is not a Common Cartridge manifest."))
        self.read_resources(manifest)
        title, language, summary, identifier = self.read_metadata(manifest)
        groups = self.read_organisation(manifest, title)
        course = {
            "format": 1,
            "slug": slugify(title)
            or slugify(identifier)
            or "cartridge-" + hashlib.sha256(identifier.encode()).hexdigest()[:8],
            "language": language,
            "title": title[:200],
        }
        course["status"] = self.status(course["slug"])
        if summary:
            course["summary"] = summary
        self.assign_slugs(groups)
        modules, final_quiz = self.write_groups(groups)
        self.report_unused()
        if self.result.problems:
            return self.result
        if not modules:
            return self.refuse(
                MANIFEST, _l("This cartridge has no web page or quiz that Tamkeen can import.")
            )
        course["modules"] = modules
        if final_quiz:
            course["final_quiz"] = final_quiz
        self.write("course.yaml", _dump(course))
        self.result.package = self.out
        return self.result

    def read_resources(self, manifest) -> None:
        holder = first_child(manifest, "resources")
        for resource in children(holder, "resource") if holder is not None else []:
            identifier = resource.get("identifier") or ""
            self.resources[identifier] = _Resource(
                identifier=identifier,
                type=(resource.get("type") or "").strip(),
                href=resource.get("href"),
                files=[f.get("href") for f in children(resource, "file") if f.get("href")],
                dependencies=[
                    d.get("identifierref")
                    for d in children(resource, "dependency")
                    if d.get("identifierref")
                ],
                intended_use=(resource.get("intendeduse") or "").strip().lower(),
            )

    def read_metadata(self, manifest) -> tuple[str, str, str, str]:
        identifier = manifest.get("identifier") or ""
        general = None
        metadata = first_child(manifest, "metadata")
        lom = first_child(metadata, "lom") if metadata is not None else None
        if lom is not None:
            general = first_child(lom, "general")
        title = language = summary = ""
        if general is not None:
            title = _text(first_child(general, "title"))
            summary = _text(first_child(general, "description"))
            language = _text(first_child(general, "language"))
        if not title:
            title = identifier or "Common Cartridge"
        code = language.split("-")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return title, code, summary, identifier
        if language:
            self.skip(
                MANIFEST,
                _l(
                    "The cartridge's language (%(code)s) is not one Tamkeen offers: the course is "
                    "in %(language)s.",
                    code=isolated(language),
                    language=isolated(self.default_language),
                ),
            )
        return title, self.default_language, summary, identifier

    def read_organisation(self, manifest, course_title: str) -> list[tuple[str, list[_Entry]]]:
        """(title, entries) for each top-level item; a top-level entry is its own group."""
        organisations = first_child(manifest, "organizations")
        organisation = (
            first_child(organisations, "organization") if organisations is not None else None
        )
        if organisation is None:
            return []
        items = children(organisation, "item")
        if len(items) == 1 and not items[0].get("identifierref"):
            items = children(items[0], "item")  # the root item
        groups = []
        for item in items:
            title = _text(first_child(item, "title")) or course_title
            if children(item, "item"):
                groups.append((title, self.entries(item)))
            elif item.get("identifierref"):
                groups.append((title, [self.entry(item, title)]))
        return groups

    def entries(self, item) -> list[_Entry]:
        """Every item under ``item`` that points at a resource, depth first (sub-folders of
        a module are flattened: Tamkeen's modules hold lessons, not folders)."""
        found = []
        for child in children(item, "item"):
            if child.get("identifierref"):
                found.append(self.entry(child, _text(first_child(child, "title"))))
            found.extend(self.entries(child))
        return found

    def entry(self, item, title: str) -> _Entry:
        ref = item.get("identifierref") or ""
        return _Entry(title=title, resource=self.resources.get(ref), ref=ref)

    # -- what each resource becomes --------------------------------------------------------
    def kind(self, resource: _Resource) -> str:
        kind = resource.type.lower()
        if resource.intended_use == "assignment" or any(
            f.endswith("assignment_settings.xml") for f in resource.files
        ):
            return "assignment"
        if any(f.startswith("non_cc_assessments/") for f in resource.files):
            return "canvas_quiz"
        if kind == "webcontent":
            href = resource.href or (resource.files[0] if resource.files else "")
            return "page" if href.lower().endswith(PAGE_SUFFIXES) else "file"
        if kind.startswith("imsqti") and kind.endswith("/assessment"):
            return "quiz"
        if "question-bank" in kind or "question_bank" in kind:
            return "question_bank"
        if kind.startswith("imsdt"):
            return "discussion"
        if "lti" in kind:
            return "lti"
        if kind.startswith("imswl"):
            return "web_link"
        if kind.startswith("associatedcontent"):
            return "associated"
        return "unknown"

    def assign_slugs(self, groups) -> None:
        """Every page's lesson slug, before any page is written (pages link to each other)."""
        for _title, entries in groups:
            for entry in entries:
                resource = entry.resource
                if resource is None or self.kind(resource) != "page":
                    continue
                href = resource.href or resource.files[0]
                if href in self.pages:
                    continue
                stem = re.sub(r"^\d+[-_ ]*", "", PurePosixPath(href).stem)
                slug = slugify(entry.title) or slugify(stem) or "lesson"
                self.pages[href] = _unique(slug, self.lesson_slugs)

    def write_groups(self, groups) -> tuple[list[dict], str | None]:
        modules, final_quiz, module_slugs = [], None, set()
        for number, (title, entries) in enumerate(groups, start=1):
            lessons, quizzes = [], []
            for entry in entries:
                if entry.resource is None:
                    self.skip(
                        entry.title or entry.ref,
                        _l(
                            "This item points to a resource the cartridge does not have "
                            "(%(ref)s): not imported.",
                            ref=isolated(entry.ref),
                        ),
                    )
                    continue
                self.used.add(entry.resource.identifier)
                kind = self.kind(entry.resource)
                if kind == "page":
                    lesson = self.write_page(entry, number, len(lessons) + 1)
                    if lesson:
                        lessons.append(lesson)
                elif kind == "quiz":
                    quiz = self.write_quiz(entry, f"{number:02d}-{len(quizzes) + 1}")
                    if quiz:
                        quizzes.append((entry.title, quiz))
                else:
                    self.skip_resource(entry.title or entry.ref, entry.resource, kind)
            last = number == len(groups)
            if not lessons and len(quizzes) == 1 and last and modules:
                final_quiz = quizzes[0][1]
                continue
            if not lessons and not quizzes:
                continue
            module: dict[str, Any] = {
                "slug": _unique(slugify(title) or f"module-{number}", module_slugs),
                "title": title[:200],
                "lessons": lessons,
            }
            if quizzes:
                module["quiz"] = quizzes[0][1]
                for quiz_title, _path in quizzes[1:]:
                    self.skip(
                        quiz_title,
                        _l("A module holds one quiz in Tamkeen: this second quiz is not imported."),
                    )
            modules.append(module)
        return modules, final_quiz

    def skip_resource(self, where: str, resource: _Resource, kind: str) -> None:
        message = {
            "assignment": _l("An assignment: not imported (Tamkeen has no assignments)."),
            "canvas_quiz": _l(
                "A Canvas-only copy of a quiz (non_cc_assessments): not imported; the quiz's "
                "questions that a cartridge can hold come from its Common Cartridge copy."
            ),
            "question_bank": _l("A question bank: not imported."),
            "discussion": _l("A discussion: not imported (Tamkeen has no forums)."),
            "lti": _l("A link to an external tool (LTI): not imported."),
            "web_link": _l("A web link: not imported."),
            "file": _l("A file that is not a web page: not imported."),
        }.get(kind)
        if message is None:
            message = _l(
                "A resource of a type Tamkeen does not read (%(type)s): not imported.",
                type=isolated(resource.type or "?"),
            )
        self.skip(where, message)

    def report_unused(self) -> None:
        """Resources no item points at: Canvas's question banks and Canvas-only quizzes,
        discussions and the like are listed; plain files (images of pages) are not."""
        for identifier, resource in self.resources.items():
            if identifier in self.used:
                continue
            kind = self.kind(resource)
            if kind in ("file", "associated", "page"):
                continue
            canvas = [f for f in resource.files if f.startswith("non_cc_assessments/")]
            where = canvas or [resource.href] if resource.href else canvas or resource.files
            where = where[0] if where else identifier
            self.skip_resource(where, resource, kind)

    # -- lessons ---------------------------------------------------------------------------
    def write_page(self, entry: _Entry, module: int, position: int) -> str | None:
        href = entry.resource.href or entry.resource.files[0]
        if href in self.written:
            return None  # a page the organisation names twice is one lesson
        self.written.add(href)
        source = self.file(href)
        if source is None:
            self.result.problems.append(Problem(href, 0, _l("%(path)s does not exist.", path=href)))
            return None
        if source.stat().st_size > MAX_PAGE_BYTES:
            self.result.problems.append(Problem(href, 0, _l("This web page is larger than 2 MB.")))
            return None
        try:
            html = source.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.result.problems.append(Problem(href, 0, _l("The file is not UTF-8 text.")))
            return None
        base = PurePosixPath(href).parent
        where = entry.title or href
        converted = convert(
            html,
            link=lambda url: self.link(url, base, where),
            image=lambda url: self.image(url, base, where),
            drop_title=entry.title,
        )
        if converted.had_active_content:
            self.skip(where, _l("Scripts and javascript: links were removed from this page."))
        slug = self.pages[href]
        title = entry.title or slug
        path = f"lessons/{module:02d}/{position:02d}-{slug}.md"
        front = _dump({"slug": slug, "title": title[:200]})
        self.write(path, f"---\n{front}---\n{converted.markdown}\n")
        return path

    def target(self, url: str, base: PurePosixPath) -> str | None:
        """The cartridge path a relative URL of a page names, or None."""
        url = url.strip()
        for prefix in (FILEBASE, "%24IMS-CC-FILEBASE%24"):
            if url.startswith(prefix):
                url, base = url[len(prefix) :].lstrip("/"), PurePosixPath("web_resources")
                break
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.scheme or parts.netloc or not path or path.startswith("/"):
            return None
        return _inside(base, path)

    def link(self, url: str, base: PurePosixPath, where: str) -> str | None:
        scheme = urlsplit(url.strip()).scheme.lower()
        if scheme in ("http", "https", "mailto"):
            return url
        if scheme or url.startswith("#"):
            return None
        path = self.target(url, base)
        if path is not None and path in self.pages:
            return f"lesson:{self.pages[path]}"
        self.skip(
            where,
            _l(
                "A link to %(target)s, which is not a lesson, was removed (its text is kept).",
                target=isolated(url),
            ),
        )
        return None

    def image(self, url: str, base: PurePosixPath, where: str) -> str | None:
        scheme = urlsplit(url.strip()).scheme.lower()
        path = None if scheme else self.target(url, base)
        if path in self.images:
            return f"images/{self.images[path]}"
        source = self.file(path) if path else None
        if source is None or source.stat().st_size > MAX_UPLOAD_BYTES:
            self.skip(
                where,
                _l(
                    "The image %(src)s is not in the cartridge: its description is kept.",
                    src=isolated(url),
                ),
            )
            return None
        try:
            clean_image(source.read_bytes())
        except ImageRefused:
            self.skip(
                where,
                _l(
                    "The image %(src)s is not a PNG, JPEG, WebP or GIF image: its description "
                    "is kept.",
                    src=isolated(url),
                ),
            )
            return None
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", PurePosixPath(path).name).strip("-.") or "image"
        name = stem[:100]
        if name.casefold() in self.image_names:
            digest = hashlib.sha256(path.encode()).hexdigest()[:8]
            name = f"{digest}-{stem}"[:110]
        self.image_names.add(name.casefold())
        self.images[path] = name
        (self.out / "images").mkdir(parents=True, exist_ok=True)
        (self.out / "images" / name).write_bytes(source.read_bytes())
        return f"images/{name}"

    # -- quizzes ---------------------------------------------------------------------------
    def write_quiz(self, entry: _Entry, number: str) -> str | None:
        files = entry.resource.files or ([entry.resource.href] if entry.resource.href else [])
        qti = next((f for f in files if f.lower().endswith((".xml", ".qti"))), None)
        where = entry.title or entry.ref
        if qti is None:
            self.skip(where, _l("This quiz has no QTI file: not imported."))
            return None
        source = self.file(qti)
        if source is None:
            self.result.problems.append(Problem(qti, 0, _l("%(path)s does not exist.", path=qti)))
            return None
        try:
            read = read_assessment(source.read_bytes(), where)
        except UnsafeXML:
            self.xml(qti)  # the same problem line as any refused XML file
            return None
        for line_where, message in read.skipped:
            self.skip(line_where, message)
        if read.active_content:
            self.skip(where, _l("Scripts and javascript: links were removed from this page."))
        quiz = read.quiz
        if not quiz.get("questions"):
            self.skip(where, _l("This quiz has no question Tamkeen can import: not imported."))
            return None
        if entry.title:
            quiz["title"] = entry.title[:200]
        path = f"quizzes/{number}.yaml"
        self.write(path, _dump(quiz))
        return path

    def write(self, path: str, text: str) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def read_cartridge(
    folder: Path, out: Path, *, language: str, status: Callable[[str], str] = lambda slug: "draft"
) -> CartridgeRead:
    """Read the cartridge unpacked in ``folder`` into a course package written in ``out``.

    ``status`` gives the course's status from its slug: a new course is a draft, for its
    trainer to read before trainees do; a course imported again keeps its own.
    """
    return CartridgeReader(folder, out, language, status).read()
