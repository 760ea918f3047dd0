"""report stamps: a per-cohort number that moves with every change the cohort's
dashboard and participants table show (the key of their cached parts)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 13:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_stamps",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_report_stamps_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", name=op.f("pk_report_stamps")),
    )


def downgrade():
    op.drop_table("report_stamps")
