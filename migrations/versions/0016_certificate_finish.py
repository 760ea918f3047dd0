"""certificate finish: organization logos and names by language, course hours and
outcomes (copied onto certificates), audit lines whose actor was erased

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('names', sa.JSON(), nullable=True))
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('outcomes', sa.JSON(), nullable=True))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('outcomes', sa.JSON(), nullable=True))
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('actor_erased', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('actor_erased')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('outcomes')
        batch_op.drop_column('hours')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('outcomes')
        batch_op.drop_column('hours')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('names')
        batch_op.drop_column('logo')
