"""The reports' change stamps (``reports.stamps``)."""

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ReportStamp(db.Model):
    """A number that moves, in the same transaction, with every write that can change what
    a cohort's dashboard or participants table shows: the key of their cached parts, the
    same for every app server sharing the database. No row yet: stamp 0."""

    __tablename__ = "report_stamps"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[int] = mapped_column(BigInteger, default=1)
