"""retired questions: a question answered by trainees is kept for their attempts when a
trainer changes how it is graded or removes it; a quiz added to a published course waits
unpublished while its questions are written

Revision ID: 0006
Revises: 0009
Create Date: 2026-11-21 10:10:24.072466

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('is_published', sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_column('is_published')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
