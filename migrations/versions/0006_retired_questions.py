"""retired questions: a question answered by trainees is kept for their attempts when a
trainer changes how it is graded or removes it

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


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
