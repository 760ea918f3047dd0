"""Reading a folder of policy papers (docs/course-format.md, "Policy papers").

Like course packages: every file is read and checked first, every problem is listed with
its file and line, and nothing is written when there is one. Papers are matched by slug,
so a re-import updates them in place.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..i18n import LANGUAGES
from ..packages import PackageReader, Problem, split_front_matter
from ..text import find_references
from ..yamlfile import LineList, YamlError, parse_yaml
from .models import TOPICS, PolicyPaper

PAPER_KEYS = {
    "slug", "translation_group", "language", "title", "authors", "topic", "summary", "date",
}  # fmt: skip
REQUIRED_KEYS = PAPER_KEYS - {"translation_group"}
MAX_AUTHOR = 120


@dataclass
class PaperSpec:
    slug: str
    language: str
    title: str
    topic: str
    summary: str
    published_on: dt.date | None
    body: str
    path: str
    translation_group: str | None = None
    authors: list[str] = field(default_factory=list)
    body_line: int = 1


@dataclass
class PaperImport:
    papers: list[tuple[str, str]] = field(default_factory=list)  # (slug, outcome)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class PaperReader(PackageReader):
    """Reads paper files; reuses the course reader's checks and its error reporting."""

    def read_paper(self, path: Path) -> PaperSpec | None:
        text = self.read_text(path)
        if text is None:
            return None
        front, body, body_line = split_front_matter(text)
        if front is None:
            self.problem(path, 1, _l("A paper starts with front matter between two --- lines."))
            return None
        try:
            data = self.mapping(parse_yaml(front, first_line=2), path, 2)
        except YamlError as error:
            self.problem(path, error.line, error.message)
            return None
        if data is None:
            return None
        self.check_keys(data, PAPER_KEYS, REQUIRED_KEYS, path)
        paper = PaperSpec(
            slug=self.slug(data, "slug", path),
            translation_group=self.slug(data, "translation_group", path) or None,
            language=self.text(data, "language", path),
            title=self.text(data, "title", path, 200),
            topic=self.text(data, "topic", path),
            summary=self.text(data, "summary", path),
            published_on=self.date(data, path),
            authors=self.authors(data, path),
            body=body,
            path=self.name(path),
            body_line=body_line,
        )
        if "language" in data and paper.language not in LANGUAGES:
            self.problem(
                path,
                data.lines["language"],
                _l(
                    "Unknown language %(value)s; use one of %(codes)s.",
                    value=paper.language,
                    codes=", ".join(LANGUAGES),
                ),
            )
        if "topic" in data and paper.topic not in TOPICS:
            self.problem(
                path,
                data.lines["topic"],
                _l("Unknown topic %(value)s; use one of: %(topics)s.", value=paper.topic,
                   topics=", ".join(TOPICS)),
            )  # fmt: skip
        if not body.strip():
            self.problem(path, body_line, _l("The paper has no text."))
        return paper

    def date(self, data, path: Path) -> dt.date | None:
        value = data.get("date")
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            if "date" in data:
                self.problem(path, data.lines["date"], _l("date must look like 2026-11-01."))
            return None

    def authors(self, data, path: Path) -> list[str]:
        value = data.get("authors")
        if isinstance(value, str):
            value = LineList([value])
        if (
            not isinstance(value, list)
            or not value
            or not all(
                isinstance(item, str) and item.strip() and len(item) <= MAX_AUTHOR for item in value
            )
        ):
            if "authors" in data:
                self.problem(
                    path,
                    data.lines["authors"],
                    _l("authors must be a list of names of people or organizations."),
                )
            return []
        return [item.strip() for item in value]


def paper_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(child for child in path.glob("*.md") if child.is_file())


def _check_links(papers: list[PaperSpec], problems: list[Problem]) -> None:
    """Papers may link to papers (``paper:group``); nothing else of Tamkeen's own."""
    from .services import paper_by_reference

    for paper in papers:
        for reference in find_references(paper.body):
            line = reference.line + paper.body_line - 1
            if reference.kind != "paper":
                message = _l("Papers can link only to papers, not %(kind)s:.", kind=reference.kind)
            elif resolve_among(papers, reference.target, paper.language) or paper_by_reference(
                reference.target, paper.language
            ):
                continue
            else:
                message = _l(
                    "The link target %(kind)s:%(target)s does not exist.",
                    kind="paper",
                    target=reference.target,
                )
            problems.append(Problem(paper.path, line, message))


def resolve_among(papers: list[PaperSpec], reference: str, language: str) -> PaperSpec | None:
    """The paper a ``paper:`` link names: its group in ``language``, else that exact slug."""
    for paper in papers:
        if paper.translation_group == reference and paper.language == language:
            return paper
    return next((paper for paper in papers if paper.slug == reference), None)


def _check_unique(papers: list[PaperSpec], problems: list[Problem]) -> None:
    slugs: dict[str, str] = {}
    versions: dict[tuple[str, str], str] = {}
    for paper in papers:
        if paper.slug in slugs:
            problems.append(
                Problem(paper.path, 2, _l("Duplicate paper slug %(slug)s (also in %(other)s).",
                                          slug=paper.slug, other=slugs[paper.slug]))
            )  # fmt: skip
        slugs.setdefault(paper.slug, paper.path)
        if paper.translation_group:
            key = (paper.translation_group, paper.language)
            if key in versions:
                problems.append(
                    Problem(paper.path, 2, _l("%(other)s is already the %(language)s paper of "
                                              "this translation group.",
                                              other=versions[key], language=paper.language))
                )  # fmt: skip
            versions.setdefault(key, paper.path)


def load_papers(path: Path) -> tuple[list[PaperSpec], list[Problem]]:
    """Read and check every paper under ``path``; problems are listed, never raised."""
    path = Path(path)
    if not path.exists():
        return [], [Problem(str(path), 0, _l("No such folder."))]
    files = paper_files(path)
    if not files:
        return [], [Problem(str(path), 0, _l("No paper (.md file) found here."))]
    folder = path if path.is_dir() else path.parent
    reader = PaperReader(folder, root=folder)
    papers = [paper for file in files if (paper := reader.read_paper(file)) is not None]
    problems = list(reader.problems)
    _check_unique(papers, problems)
    _check_links(papers, problems)
    return papers, problems


def write_paper(spec: PaperSpec) -> str:
    paper = db.session.scalar(select(PolicyPaper).where(PolicyPaper.slug == spec.slug))
    outcome = "updated"
    if paper is None:
        paper, outcome = PolicyPaper(slug=spec.slug), "created"
        db.session.add(paper)
    paper.translation_group, paper.language = spec.translation_group, spec.language
    paper.title, paper.authors, paper.topic = spec.title, spec.authors, spec.topic
    paper.summary, paper.published_on = spec.summary, spec.published_on
    paper.body, paper.file_name, paper.file_size = spec.body, None, None
    db.session.flush()
    return outcome


def _check_library(papers: list[PaperSpec], problems: list[Problem]) -> None:
    """A paper may not become a second version of a group and language already published
    under another slug: ``paper:`` links would then pick one of the two at random."""
    for paper in papers:
        if not paper.translation_group:
            continue
        other = db.session.scalar(
            select(PolicyPaper.slug).where(
                PolicyPaper.translation_group == paper.translation_group,
                PolicyPaper.language == paper.language,
                PolicyPaper.slug != paper.slug,
            )
        )
        if other is not None:
            problems.append(
                Problem(paper.path, 2, _l("The library already has %(other)s as the "
                                          "%(language)s paper of this translation group.",
                                          other=other, language=paper.language))
            )  # fmt: skip


def import_papers(path: Path, *, dry_run: bool = False) -> PaperImport:
    """Check every paper under ``path``; write them all only if none has a problem."""
    specs, problems = load_papers(path)
    _check_library(specs, problems)
    report = PaperImport(problems=problems)
    if problems or dry_run:
        report.papers = [(spec.slug, "checked") for spec in specs]
        return report
    report.papers = [(spec.slug, write_paper(spec)) for spec in specs]
    return report
