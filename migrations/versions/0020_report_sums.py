"""report sums: the dashboard's figures kept by the writes (per cohort, course,
organization and completion day), with each participant × course's contribution

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 16:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_pairs",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.Column("quizzes_passed", sa.Integer(), nullable=False),
        sa.Column("quizzes_attempted", sa.Integer(), nullable=False),
        sa.Column("certificate", sa.Integer(), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.Column("half_way", sa.Integer(), nullable=False),
        sa.Column("last_activity", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_report_pairs_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_report_pairs_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", "user_id", "course_id", name=op.f("pk_report_pairs")),
    )
    op.create_index(
        "ix_report_pairs_cohort_id_last_activity",
        "report_pairs",
        ["cohort_id", "last_activity"],
        unique=False,
    )
    op.create_index(op.f("ix_report_pairs_user_id"), "report_pairs", ["user_id"], unique=False)
    op.create_index(op.f("ix_report_pairs_course_id"), "report_pairs", ["course_id"], unique=False)
    op.create_table(
        "report_sums",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("enrolments", sa.Integer(), nullable=False),
        sa.Column("percent_sum", sa.BigInteger(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.Column("quizzes_passed", sa.Integer(), nullable=False),
        sa.Column("quizzes_attempted", sa.Integer(), nullable=False),
        sa.Column("certificates", sa.Integer(), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.Column("half_way", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_report_sums_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_report_sums_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "cohort_id", "course_id", "organization_id", "day", name=op.f("pk_report_sums")
        ),
    )
    # Filled from the stored progress by the app's own code, so that the dashboard never
    # reads empty sums after an upgrade. Should a later model change break this import,
    # drop it: `flask reports refresh-progress` does the same.
    from tamkeen.reports.aggregates import rebuild

    rebuild(op.get_bind())


def downgrade():
    op.drop_index("ix_report_pairs_cohort_id_last_activity", table_name="report_pairs")
    op.drop_index(op.f("ix_report_pairs_course_id"), table_name="report_pairs")
    op.drop_index(op.f("ix_report_pairs_user_id"), table_name="report_pairs")
    op.drop_table("report_sums")
    op.drop_table("report_pairs")
