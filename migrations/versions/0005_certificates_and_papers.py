"""certificates and papers: certificates, their signature lines, policy papers, daily downloads

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 08:42:38.248133

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('policy_papers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('translation_group', sa.String(length=80), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('authors', sa.JSON(), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('file_name', sa.String(length=80), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_papers')),
    sa.UniqueConstraint('slug', name=op.f('uq_policy_papers_slug'))
    )
    with op.batch_alter_table('policy_papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_papers_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_papers_topic'), ['topic'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_papers_translation_group'), ['translation_group'], unique=False)

    op.create_table('certificate_signatories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_certificate_signatories_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_signatories')),
    sa.UniqueConstraint('course_id', 'position', name=op.f('uq_certificate_signatories_course_id_position'))
    )
    with op.batch_alter_table('certificate_signatories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_signatories_course_id'), ['course_id'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('signatories', sa.JSON(), nullable=False),
    sa.Column('printed_name', sa.String(length=80), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_certificates_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code')),
    sa.UniqueConstraint('user_id', 'course_id', name=op.f('uq_certificates_user_id_course_id'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_user_id'), ['user_id'], unique=False)

    op.create_table('paper_downloads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['policy_papers.id'], name=op.f('fk_paper_downloads_paper_id_policy_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_downloads')),
    sa.UniqueConstraint('paper_id', 'day', name=op.f('uq_paper_downloads_paper_id_day'))
    )


def downgrade():
    op.drop_table('paper_downloads')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_course_id'))

    op.drop_table('certificates')
    with op.batch_alter_table('certificate_signatories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_signatories_course_id'))

    op.drop_table('certificate_signatories')
    with op.batch_alter_table('policy_papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_papers_translation_group'))
        batch_op.drop_index(batch_op.f('ix_policy_papers_topic'))
        batch_op.drop_index(batch_op.f('ix_policy_papers_language'))

    op.drop_table('policy_papers')
