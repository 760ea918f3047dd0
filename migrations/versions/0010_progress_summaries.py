"""progress summaries: progress_query's rows stored per enrolled (user, course) for reports

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-21 14:03:39

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('progress_summaries',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('lessons_done', sa.Integer(), nullable=False),
    sa.Column('quizzes_passed', sa.Integer(), nullable=False),
    sa.Column('quizzes_attempted', sa.Integer(), nullable=False),
    sa.Column('lessons_last_at', sa.DateTime(), nullable=True),
    sa.Column('quizzes_last_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_progress_summaries_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_progress_summaries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'course_id', name=op.f('pk_progress_summaries'))
    )
    with op.batch_alter_table('progress_summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_summaries_course_id'), ['course_id'], unique=False)
    # Filled for the courses already taken, by the app's own definition of progress (one
    # INSERT … SELECT), so that reports never read an empty table after an upgrade. Should
    # a later model change break this import, drop it: `flask reports refresh-progress`
    # does the same.
    from tamkeen.learning.summaries import rebuild

    rebuild(op.get_bind())


def downgrade():
    with op.batch_alter_table('progress_summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_summaries_course_id'))

    op.drop_table('progress_summaries')
