"""essay grading: a trainer's points, feedback and time on a response; attempts awaiting
grading

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 10:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "is_awaiting_grading", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("graded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("graded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("grader_feedback", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_responses_graded_by_id_users"),
            "users",
            ["graded_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_responses_graded_by_id_users"), type_="foreignkey")
        batch_op.drop_column("grader_feedback")
        batch_op.drop_column("graded_by_id")
        batch_op.drop_column("graded_at")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("is_awaiting_grading")
