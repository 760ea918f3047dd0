"""The rules of the policy-paper library: finding, publishing, printing, counting."""

import secrets
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import force_locale, get_locale
from markupsafe import Markup
from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from ..addresses import external_url
from ..audit import record_event
from ..database import stored_values, utcnow
from ..extensions import db
from ..pdf import cached_pdf, print_date
from ..storage import StoredFile
from ..text import Heading, render_markdown_outline
from .models import PaperDownload, PolicyPaper
from .uploads import clean_pdf, store_pdf, uploaded_file

PAPERS_PER_PAGE = 20


def library_query(topic: str | None = None, language: str | None = None, q: str | None = None):
    """Papers, newest first, filtered by topic and language; ``q`` searches titles and
    summaries (never authors: the library is not a way to look people up)."""
    query = select(PolicyPaper).order_by(PolicyPaper.published_on.desc(), PolicyPaper.title)
    if topic:
        query = query.where(PolicyPaper.topic == topic)
    if language:
        query = query.where(PolicyPaper.language == language)
    if q:
        words = q.split()[:8]
        for word in words:
            pattern = f"%{_escape_like(word.casefold())}%"
            query = query.where(
                or_(
                    func.lower(PolicyPaper.title).like(pattern, escape="\\"),
                    func.lower(PolicyPaper.summary).like(pattern, escape="\\"),
                )
            )
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def paper_by_reference(reference: str, language: str) -> PolicyPaper | None:
    """The paper a ``paper:`` link names: its translation group's paper in ``language``,
    else the paper whose slug is exactly ``reference``."""
    in_language = db.session.scalar(
        select(PolicyPaper).where(
            PolicyPaper.translation_group == reference, PolicyPaper.language == language
        )
    )
    if in_language is not None:
        return in_language
    return db.session.scalar(select(PolicyPaper).where(PolicyPaper.slug == reference))


def library_version() -> tuple:
    """What changes whenever a paper is added, changed or removed: links between papers
    and from lessons name papers by reference, resolved against the whole library."""
    return tuple(
        db.session.execute(
            select(func.count(), func.max(PolicyPaper.id), func.max(PolicyPaper.updated_at))
        ).one()
    )


def public_url(endpoint: str, **values: Any) -> str:
    return external_url(endpoint, **values)


class PaperLinks:
    """A LinkResolver (text.py) for a paper: other papers by group or slug."""

    def __init__(self, language: str, absolute: bool = False):
        self.language, self.absolute = language, absolute

    def lesson(self, slug: str) -> str | None:
        return None

    def paper(self, reference: str) -> str | None:
        paper = paper_by_reference(reference, self.language)
        if paper is None:
            return None
        if self.absolute:
            return public_url("papers.paper", paper_id=paper.id)
        return url_for("papers.paper", paper_id=paper.id)

    def image(self, path: str) -> str | None:
        return None


def paper_text(paper: PolicyPaper) -> tuple[Markup, list[Heading]] | None:
    """A Markdown paper as HTML to read online, with its headings; None for an upload."""
    if paper.is_uploaded:
        return None
    return render_markdown_outline(paper.body, paper.language, PaperLinks(paper.language))


def paper_pdf(paper: PolicyPaper) -> StoredFile:
    """The file to download: the uploaded PDF, or the Markdown laid out (and cached)."""
    if paper.is_uploaded:
        return uploaded_file(paper.file_name)

    # The body's callouts ("Note", "Tip") have always been labelled in the reader's
    # language, the rest of the document in the paper's: kept as it was.
    reader = str(get_locale())

    def context() -> dict[str, Any]:
        with force_locale(reader):
            body, outline = render_markdown_outline(
                paper.body, paper.language, PaperLinks(paper.language, absolute=True)
            )
        return {
            "paper": paper,
            "language": paper.language,
            "body": body,
            "outline": outline,
            "page_url": public_url("papers.paper", paper_id=paper.id),
            "date": print_date(paper.published_on, paper.language),
        }

    with force_locale(paper.language):
        content = (reader, stored_values(paper), library_version())
        return cached_pdf("paper.html", content, context)


def record_download(paper: PolicyPaper) -> None:
    """Add one to today's count for ``paper``, in a transaction of its own.

    Downloads are GET requests, which otherwise never write; this one counter is the
    exception (docs/architecture.md). One statement, so concurrent downloads add up.
    """
    values = {"paper_id": paper.id, "day": utcnow().date(), "count": 1}
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(PaperDownload)
        .values(**values)
        .on_conflict_do_update(
            index_elements=["paper_id", "day"], set_={"count": PaperDownload.count + 1}
        )
    )
    with db.engine.begin() as connection:
        connection.execute(statement)


def download_counts(paper: PolicyPaper, days: int = 30) -> list[tuple[date, int]]:
    query = (
        select(PaperDownload.day, PaperDownload.count)
        .where(PaperDownload.paper_id == paper.id)
        .order_by(PaperDownload.day.desc())
        .limit(days)
    )
    return [(day, count) for day, count in db.session.execute(query)]


def save_paper(
    paper: PolicyPaper | None, *, by: Any, fields: dict[str, Any], body: str | None,
    upload: bytes | None,
) -> PolicyPaper:  # fmt: skip
    """Create or update a paper from the web form: Markdown ``body`` or a PDF ``upload``.

    An upload is checked and cleaned first (uploads.clean_pdf raises UploadRefused).
    """
    stored = store_pdf(clean_pdf(upload, fields["title"])) if upload else None
    created = paper is None
    if created:
        paper = PolicyPaper(slug=f"paper-{secrets.token_hex(5)}")
        db.session.add(paper)
    for name, value in fields.items():
        setattr(paper, name, value)
    if stored:
        paper.file_name, paper.file_size, paper.body = *stored, None
    elif body and body.strip():
        paper.body, paper.file_name, paper.file_size = body, None, None
    db.session.flush()
    record_event(by, "paper.published" if created else "paper.updated", paper)
    return paper
