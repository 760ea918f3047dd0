"""Reading course packages (docs/course-format.md) into checked, in-memory specs.

Nothing here touches the database: ``load_packages`` reads every file, checks every rule
and returns the specs together with every problem found, each naming its file and line.
The importer writes only when that list is empty.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from .i18n import LANGUAGES
from .learning.models import COURSE_STATUSES
from .registry import Registry
from .text import find_references
from .yamlfile import LineDict, LineList, YamlError, parse_yaml

if TYPE_CHECKING:  # the package format names the image type; authoring cleans images
    from .authoring.image_cleaning import CleanImage

FORMAT_VERSION = 1
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG, MAX_TITLE = 80, 200
COURSE_KEYS = {
    "format", "slug", "language", "translation_group", "title", "summary", "status",
    "certificate", "modules", "final_quiz", "facilitator_guide", "hours", "outcomes",
}  # fmt: skip
# A course's hours (what its certificates print): up to a year of full days, in halves.
MAX_HOURS = 1000
# What the holder can now do: a few short lines, as many as a certificate prints.
MAX_OUTCOMES, MAX_OUTCOME = 6, 160
MODULE_KEYS = {"slug", "title", "summary", "lessons", "quiz"}
LESSON_KEYS = {"slug", "title", "summary", "minutes", "review", "review_note"}
GUIDE_KEYS = {"title", "course", "language"}
# The bundled guides are 6 to 13 KB; a guide ten times longer than the longest is a mistake.
MAX_GUIDE_BYTES = 128 * 1024


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: Any  # a lazily translated string

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class LessonSpec:
    slug: str
    title: str
    summary: str
    body: str
    minutes: int | None
    path: str
    review: bool = False
    review_note: str = ""
    body_line: int = 1  # where the body starts in the file, for error lines


@dataclass
class ModuleSpec:
    slug: str
    title: str
    summary: str
    lessons: list[LessonSpec] = field(default_factory=list)
    quiz: Any = None


@dataclass
class CourseSpec:
    folder: Path
    slug: str
    language: str
    title: str
    summary: str = ""
    translation_group: str | None = None
    status: str = "published"
    certificate: dict = field(default_factory=dict)
    modules: list[ModuleSpec] = field(default_factory=list)
    final_quiz: Any = None
    images: dict[str, "CleanImage"] = field(default_factory=dict)  # file name → cleaned image
    facilitator_guide: str | None = None  # the guide's file, exactly as it is
    hours: float | None = None  # hours of training, printed on certificates
    outcomes: list[str] = field(default_factory=list)  # what the holder can now do

    @property
    def lessons(self) -> list[LessonSpec]:
        return [lesson for module in self.modules for lesson in module.lessons]


class PackageReader:
    """Reads one package folder, collecting problems instead of stopping at the first."""

    def __init__(self, folder: Path, root: Path | None = None):
        self.folder = folder.resolve()
        self.root = (root or folder.parent).resolve()
        self.problems: list[Problem] = []

    # -- reporting ------------------------------------------------------------------
    def name(self, path: Path) -> str:
        # The path as the package names it; a symbolic link is named, not its target.
        for candidate in (path, path.resolve()):
            try:
                return str(candidate.relative_to(self.root))
            except ValueError:
                continue
        return str(path)

    def problem(self, path: Path, line: int, message: Any) -> None:
        self.problems.append(Problem(self.name(path), line, message))

    # -- files ------------------------------------------------------------------------
    def resolve(self, relative: Any, source: Path, line: int) -> Path | None:
        """The file a package path names, if it stays inside the package and exists."""
        if not isinstance(relative, str) or not relative.strip():
            self.problem(source, line, _l("Expected a file path inside the package."))
            return None
        candidate = self.folder / relative
        if relative.startswith(("/", "\\")) or ".." in Path(relative).parts:
            self.problem(source, line, _l("%(path)s leaves the package folder.", path=relative))
            return None
        for part in [candidate, *candidate.parents]:
            if part == self.folder:
                break
            if part.is_symlink():
                self.problem(source, line, _l("%(path)s is a symbolic link.", path=relative))
                return None
        if not candidate.is_file():
            self.problem(source, line, _l("%(path)s does not exist.", path=relative))
            return None
        return candidate

    def read_text(self, path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problem(path, 1, _l("The file is not UTF-8 text."))
            return None

    # -- values -----------------------------------------------------------------------
    def check_keys(self, data: LineDict, allowed: set[str], required: set[str], path: Path):
        for key in data:
            if key not in allowed:
                self.problem(path, data.lines[key], _l("Unknown key: %(key)s.", key=key))
        for key in sorted(required - set(data)):
            self.problem(path, data.line, _l("Missing key: %(key)s.", key=key))

    def text(self, data: LineDict, key: str, path: Path, limit: int | None = None) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(path, data.lines[key], _l("%(key)s must be text.", key=key))
            return ""
        value = str(value).strip()
        if limit and len(value) > limit:
            self.problem(
                path, data.lines[key], _l("%(key)s is longer than %(n)d.", key=key, n=limit)
            )
        return value

    def hours(self, data: LineDict, path: Path) -> float | None:
        value = data.get("hours")
        if value is None:
            return None
        if not check_hours(value):
            self.problem(path, data.lines["hours"], _l("hours must be a number from 0.5 to 1000."))
            return None
        return float(value)

    def outcomes(self, data: LineDict, path: Path) -> list[str]:
        items = data.get("outcomes")
        if items is None:
            return []
        where = data.lines["outcomes"]
        if not isinstance(items, LineList) or not all(isinstance(i, str) for i in items):
            self.problem(path, where, _l("outcomes must be a list of lines of text."))
            return []
        lines = [" ".join(item.split()) for item in items]
        if len(lines) > MAX_OUTCOMES or any(not line for line in lines):
            self.problem(path, where, _l("outcomes has 1 to 6 lines, none of them empty."))
            return []
        if any(len(line) > MAX_OUTCOME for line in lines):
            self.problem(path, where, _l("Each line of outcomes has at most 160 characters."))
            return []
        return lines

    def slug(self, data: LineDict, key: str, path: Path) -> str:
        value = self.text(data, key, path, MAX_SLUG)
        if value and not SLUG.match(value):
            self.problem(
                path,
                data.lines[key],
                _l(
                    "%(key)s may hold only a-z, 0-9 and single dashes: %(value)s",
                    key=key,
                    value=value,
                ),
            )
        return value

    def mapping(self, value: Any, path: Path, line: int) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.problem(path, line, _l("Expected a mapping of keys and values."))
            return None
        return value

    # -- the package ------------------------------------------------------------------
    def read(self) -> CourseSpec | None:
        path = self.folder / "course.yaml"
        text = self.read_text(path)
        if text is None:
            return None
        try:
            data = parse_yaml(text)
        except YamlError as error:
            self.problem(path, error.line, error.message)
            return None
        data = self.mapping(data, path, 1)
        if data is None:
            return None
        self.check_keys(data, COURSE_KEYS, {"format", "slug", "language", "title", "modules"}, path)
        if "format" in data and data["format"] != FORMAT_VERSION:
            self.problem(path, data.lines["format"], _l("Unknown format version; expected 1."))
        course = CourseSpec(
            folder=self.folder,
            slug=self.slug(data, "slug", path),
            language=self.text(data, "language", path),
            title=self.text(data, "title", path, MAX_TITLE),
            summary=self.text(data, "summary", path),
            translation_group=self.slug(data, "translation_group", path) or None,
            status=self.text(data, "status", path) or "published",
        )
        if "language" in data and course.language not in LANGUAGES:
            self.problem(
                path,
                data.lines["language"],
                _l(
                    "Unknown language %(value)s; use one of %(codes)s.",
                    value=course.language,
                    codes=", ".join(LANGUAGES),
                ),
            )
        if course.status not in COURSE_STATUSES:
            self.problem(path, data.lines["status"], _l("status must be draft or published."))
        course.hours = self.hours(data, path)
        course.outcomes = self.outcomes(data, path)
        if "certificate" in data:
            course.certificate = self.read_section(
                "certificate", data["certificate"], path, data.lines["certificate"]
            )
        course.modules = self.read_modules(data.get("modules"), path, data.lines.get("modules", 1))
        if "final_quiz" in data:
            course.final_quiz = self.read_quiz(data["final_quiz"], path, data.lines["final_quiz"])
        if "facilitator_guide" in data:
            course.facilitator_guide = self.read_guide(
                data["facilitator_guide"], path, data.lines["facilitator_guide"], course
            )
        for read_part in PACKAGE_PARTS:
            read_part(self, course)
        self.check_links(course)
        return course

    def read_modules(self, modules: Any, path: Path, line: int) -> list[ModuleSpec]:
        if not isinstance(modules, LineList) or not modules:
            self.problem(path, line, _l("modules must be a list with at least one module."))
            return []
        specs, seen = [], set()
        for item, item_line in zip(modules, modules.lines, strict=True):
            data = self.mapping(item, path, item_line)
            if data is None:
                continue
            self.check_keys(data, MODULE_KEYS, {"slug", "title", "lessons"}, path)
            module = ModuleSpec(
                slug=self.slug(data, "slug", path),
                title=self.text(data, "title", path, MAX_TITLE),
                summary=self.text(data, "summary", path),
            )
            if module.slug in seen:
                self.problem(
                    path,
                    data.lines["slug"],
                    _l("Duplicate module slug: %(slug)s.", slug=module.slug),
                )
            seen.add(module.slug)
            module.lessons = self.read_lesson_list(data.get("lessons"), path, data.line)
            if "quiz" in data:
                module.quiz = self.read_quiz(data["quiz"], path, data.lines["quiz"])
            specs.append(module)
        self.check_lesson_slugs(specs)
        return specs

    def read_lesson_list(self, lessons: Any, path: Path, line: int) -> list[LessonSpec]:
        if not isinstance(lessons, LineList):  # empty (``[]``) for a module still being written
            self.problem(path, line, _l("lessons must be a list of lesson files."))
            return []
        specs = []
        for relative, item_line in zip(lessons, lessons.lines, strict=True):
            lesson_path = self.resolve(relative, path, item_line)
            if lesson_path is not None:
                lesson = self.read_lesson(lesson_path)
                if lesson is not None:
                    specs.append(lesson)
        return specs

    def read_lesson(self, path: Path) -> LessonSpec | None:
        text = self.read_text(path)
        if text is None:
            return None
        front, body, body_line = split_front_matter(text)
        if front is None:
            self.problem(path, 1, _l("A lesson starts with front matter between two --- lines."))
            return None
        try:
            data = parse_yaml(front, first_line=2)
        except YamlError as error:
            self.problem(path, error.line, error.message)
            return None
        data = self.mapping(data, path, 2)
        if data is None:
            return None
        self.check_keys(data, LESSON_KEYS, {"slug", "title"}, path)
        minutes = data.get("minutes")
        if minutes is not None and (
            not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1
        ):
            self.problem(path, data.lines["minutes"], _l("minutes must be a whole number."))
            minutes = None
        review = data.get("review", False)
        if not isinstance(review, bool):
            self.problem(path, data.lines["review"], _l("review must be true or false."))
            review = False
        if review and not data.get("review_note"):
            self.problem(
                path, data.lines["review"], _l("A lesson marked for review needs a review_note.")
            )
        lesson = LessonSpec(
            slug=self.slug(data, "slug", path),
            title=self.text(data, "title", path, MAX_TITLE),
            summary=self.text(data, "summary", path),
            body=body,
            minutes=minutes,
            path=self.name(path),
            review=review,
            review_note=self.text(data, "review_note", path),
            body_line=body_line,
        )
        return lesson

    def read_guide(self, value: Any, path: Path, line: int, course: CourseSpec) -> str | None:
        """The facilitator guide's text, exactly as in its file (line endings included)."""
        guide = self.resolve(value, path, line)
        if guide is None:
            return None
        if guide.suffix != ".md":
            self.problem(path, line, _l("facilitator_guide must name a Markdown file (.md)."))
            return None
        if guide.stat().st_size > MAX_GUIDE_BYTES:
            self.problem(
                guide, 1, _l("The file is larger than %(n)d KB.", n=MAX_GUIDE_BYTES // 1024)
            )
            return None
        data = guide.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            self.problem(
                guide, data[: error.start].count(b"\n") + 1, _l("The file is not UTF-8 text.")
            )
            return None
        front, _body, _line = split_front_matter(text)
        if front is not None:
            self.check_guide_front(guide, front, course)
        return text

    def check_guide_front(self, path: Path, front: str, course: CourseSpec) -> None:
        try:
            data = parse_yaml(front, first_line=2)
        except YamlError as error:
            self.problem(path, error.line, error.message)
            return
        data = self.mapping(data, path, 2)
        if data is None:
            return
        self.check_keys(data, GUIDE_KEYS, set(), path)
        self.text(data, "title", path, MAX_TITLE)
        for key, expected in (("course", course.slug), ("language", course.language)):
            if key in data and self.text(data, key, path) != expected:
                self.problem(
                    path,
                    data.lines[key],
                    _l("%(key)s must be %(value)s, as in course.yaml.", key=key, value=expected),
                )

    def read_section(self, key: str, value: Any, path: Path, line: int) -> Any:
        """A course.yaml section another domain reads (``certificate``: the certificates)."""
        reader = SECTION_READERS.get(key)
        if reader is None:
            return self.mapping(value, path, line) or {}
        return reader(self, value, path, line)

    def read_quiz(self, value: Any, path: Path, line: int) -> Any:
        """Quizzes are read by the quiz engine's package support, when it is installed."""
        reader = QUIZ_READERS.get("default")
        if reader is None:
            self.problem(path, line, _l("Quizzes are not supported by this version of Tamkeen."))
            return None
        return reader(self, value, path, line)

    # -- checks across files ------------------------------------------------------------
    def check_lesson_slugs(self, modules: list[ModuleSpec]) -> None:
        seen: dict[str, str] = {}
        for module in modules:
            for lesson in module.lessons:
                if lesson.slug in seen:
                    self.problems.append(
                        Problem(
                            lesson.path,
                            2,
                            _l(
                                "Duplicate lesson slug %(slug)s (also in %(other)s).",
                                slug=lesson.slug,
                                other=seen[lesson.slug],
                            ),
                        )
                    )
                seen.setdefault(lesson.slug, lesson.path)

    def check_links(self, course: CourseSpec) -> None:
        slugs = {lesson.slug for lesson in course.lessons}
        for lesson in course.lessons:
            for reference in find_references(lesson.body):
                line = reference.line + lesson.body_line - 1
                checker = REFERENCE_CHECKERS.get(reference.kind)
                if reference.kind == "lesson":
                    ok = reference.target in slugs
                elif checker is None:
                    self.problems.append(
                        Problem(
                            lesson.path,
                            line,
                            _l(
                                "Links of the form %(kind)s: are not supported by this version.",
                                kind=reference.kind,
                            ),
                        )
                    )
                    continue
                else:
                    ok = checker(self, course, reference.target)
                if not ok:
                    self.problems.append(
                        Problem(
                            lesson.path,
                            line,
                            _l(
                                "The link target %(kind)s:%(target)s does not exist.",
                                kind=reference.kind,
                                target=reference.target,
                            ),
                        )
                    )


# Extension points (see registry.py): other domains teach the reader about quizzes, papers
# and images, read their own sections of course.yaml (SECTION_READERS "certificate"), and
# store, export and copy what they keep for a course. They live here, with the format, so
# that a domain registers without importing the importer's or the exporter's dependencies.
QUIZ_READERS: Registry[Any] = Registry("reads the quiz a course.yaml names")
REFERENCE_CHECKERS: Registry[Any] = Registry("checks a link of one kind in a lesson")
SECTION_READERS: Registry[Any] = Registry("reads one more section of course.yaml")
# Readers of a package's other folders (images/), run before links are checked:
# each is called with the reader and the course spec, and reports through the reader.
PACKAGE_PARTS: Registry[Any] = Registry("reads one more folder of a package")
# Called with (course, spec) when a package is imported, after its lessons.
COURSE_WRITERS: Registry[Any] = Registry("stores what a domain keeps for an imported course")
# Called with the course and the package being built (exporter.py).
PACKAGE_WRITERS: Registry[Any] = Registry("writes what a domain keeps into an exported package")
# Called with (source, copy) when a trainer copies a course (copies.py).
COPY_WRITERS: Registry[Any] = Registry("copies what a domain keeps for a course")


def check_hours(value: Any) -> bool:
    """Whether ``value`` is a course's hours: a number from 0.5 to 1000, in halves."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0.5 <= value <= MAX_HOURS and float(value * 2).is_integer()


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, body, the body's first line) of a Markdown file with front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None, text, 1


def find_package_folders(path: Path) -> list[Path]:
    """One package, or every package directly inside a folder."""
    if (path / "course.yaml").is_file():
        return [path]
    return sorted(child for child in path.iterdir() if (child / "course.yaml").is_file())


def load_packages(path: Path) -> tuple[list[CourseSpec], list[Problem]]:
    """Read and check every package under ``path``; problems are listed, never raised."""
    path = Path(path)
    if not path.is_dir():
        return [], [Problem(str(path), 0, _l("No such folder."))]
    folders = find_package_folders(path)
    if not folders:
        return [], [Problem(str(path), 0, _l("No course.yaml found here or in its subfolders."))]
    courses, problems, slugs = [], [], {}
    for folder in folders:
        reader = PackageReader(folder, root=path if path != folder else folder.parent)
        course = reader.read()
        problems.extend(reader.problems)
        if course is None:
            continue
        if course.slug in slugs:
            problems.append(
                Problem(
                    reader.name(folder / "course.yaml"),
                    1,
                    _l(
                        "Duplicate course slug %(slug)s (also in %(other)s).",
                        slug=course.slug,
                        other=slugs[course.slug],
                    ),
                )
            )
        slugs.setdefault(course.slug, folder.name)
        courses.append(course)
    return courses, problems
