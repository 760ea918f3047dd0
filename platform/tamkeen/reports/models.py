"""The reports' change stamps (``reports.stamps``) and the dashboard's kept sums
(``reports.aggregates``)."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index
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


class ReportPair(db.Model):
    """What one participant × course of a cohort adds to the cohort's dashboard (the
    participants table's row, reduced to the dashboard's figures), as of the last write:
    the next write of that pair subtracts it from ``ReportSum`` and adds its new one
    (``reports.aggregates``). No foreign key to the person: their rows must outlive the
    account's deletion by one flush, to be subtracted; the same transaction deletes them."""

    __tablename__ = "report_pairs"
    __table_args__ = (
        Index("ix_report_pairs_cohort_id_last_activity", "cohort_id", "last_activity"),
    )

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(primary_key=True, index=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    organization_id: Mapped[int]  # the participant's in the cohort; 0: none
    day: Mapped[int]  # the completion's day (date.toordinal()); 0: not completed
    percent: Mapped[int]
    completed: Mapped[int]
    quizzes_passed: Mapped[int]
    quizzes_attempted: Mapped[int]
    certificate: Mapped[int]  # 1 when a certificate is held (not revoked)
    started: Mapped[int]  # 1 when a step is done
    half_way: Mapped[int]  # 1 at HALF_WAY percent or more
    last_activity: Mapped[datetime | None]  # for "active in the last 7 days"


class ReportSum(db.Model):
    """The dashboard's figures summed per cohort, course, organization and completion day:
    what the dashboard without a period reads (courses × days rows, whatever the cohort's
    size), kept by each write's deltas in its own transaction (``reports.aggregates``).
    Anonymous counts."""

    __tablename__ = "report_sums"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(primary_key=True)  # 0: none
    day: Mapped[int] = mapped_column(primary_key=True)  # date.toordinal(); 0: not completed
    enrolments: Mapped[int]
    percent_sum: Mapped[int] = mapped_column(BigInteger)
    completed: Mapped[int]
    quizzes_passed: Mapped[int]
    quizzes_attempted: Mapped[int]
    certificates: Mapped[int]
    started: Mapped[int]
    half_way: Mapped[int]
