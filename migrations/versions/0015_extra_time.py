"""extra time: a person's accommodation on a course's timed quizzes (WCAG 2.2.1)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('extra_times',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_extra_times_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_extra_times_granted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_extra_times_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extra_times')),
    sa.UniqueConstraint('user_id', 'course_id', name=op.f('uq_extra_times_user_id_course_id'))
    )
    with op.batch_alter_table('extra_times', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extra_times_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_extra_times_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('extra_times')
