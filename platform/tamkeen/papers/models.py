"""Policy papers, and how often each is downloaded per day (never by whom)."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..extensions import db

TOPICS = {
    "freedom-of-expression": _l("Freedom of expression"),
    "advocacy": _l("Advocacy"),
    "associations": _l("Associations"),
    "digital-safety": _l("Digital safety"),
}


class PolicyPaper(db.Model):
    """A paper written in Markdown (``body``) or uploaded as a PDF (``file_name``)."""

    __tablename__ = "policy_papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Papers that share a translation group are translations of each other.
    translation_group: Mapped[str | None] = mapped_column(String(80), index=True)
    language: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(200))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    topic: Mapped[str] = mapped_column(String(40), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date] = mapped_column(Date)
    body: Mapped[str | None] = mapped_column(Text)
    # An uploaded PDF, cleaned and stored in DATA_DIR/papers under its SHA-256.
    file_name: Mapped[str | None] = mapped_column(String(80))
    file_size: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def is_uploaded(self) -> bool:
        return self.file_name is not None

    @property
    def topic_label(self) -> str:
        return str(TOPICS.get(self.topic, self.topic))


class PaperDownload(db.Model):
    """How many times a paper was downloaded on one day. Nothing about who."""

    __tablename__ = "paper_downloads"
    __table_args__ = (UniqueConstraint("paper_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique (paper_id, day) constraint is also the index for a paper's counts.
    paper_id: Mapped[int] = mapped_column(ForeignKey("policy_papers.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(default=0)
