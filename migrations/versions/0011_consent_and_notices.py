"""consent and notices: personal invitations, in-app notices, the cohort a certificate was
issued for, and no more email addresses

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_user_id_seen_at', ['user_id', 'seen_at'], unique=False)

    op.create_table('cohort_personal_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_personal_invitations_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_cohort_personal_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_cohort_personal_invitations_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cohort_personal_invitations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_personal_invitations')),
    sa.UniqueConstraint('cohort_id', 'user_id', name=op.f('uq_cohort_personal_invitations_cohort_id_user_id'))
    )
    with op.batch_alter_table('cohort_personal_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_personal_invitations_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_personal_invitations_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cohort_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_certificates_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_certificates_cohort_id_cohorts'), 'cohorts', ['cohort_id'], ['id'], ondelete='SET NULL')
    _certificates_in_a_cohorts_name()
    _ask_those_who_never_said_yes()
    _tell_every_participant()

    # Registration's optional email was collected for nothing (recovery uses codes): the
    # addresses already stored are erased with the column.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')


def _certificates_in_a_cohorts_name():
    """A certificate issued while its holder took its course in a cohort printed that
    cohort's issuer: it was issued in that cohort's name (the most recently joined one,
    as the issuing rule chose). Others stay earned on their own (administrators only)."""
    op.execute(
        "UPDATE certificates SET cohort_id = ("
        " SELECT p.cohort_id FROM cohort_participants p"
        " JOIN cohort_courses c ON c.cohort_id = p.cohort_id"
        " WHERE p.user_id = certificates.user_id AND c.course_id = certificates.course_id"
        " AND p.joined_at <= certificates.issued_at"
        " ORDER BY p.joined_at DESC, p.cohort_id DESC LIMIT 1)"
    )


def _ask_those_who_never_said_yes():
    """Until now a list *added* existing accounts to a cohort without asking them. Only a
    person who used an invitation link herself (the audit log's ``cohort.joined``, her own
    line about that cohort) said yes; every other membership becomes a personal invitation
    she answers, with its notice, and her organizers see nothing more of her until she
    accepts. Where the audit line is gone (past its retention) nobody can show she said
    yes, so she is asked too. Certificates keep the cohort they were issued for (recorded
    above, before this)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT p.id, p.cohort_id, p.user_id, p.organization_id, c.name"
            " FROM cohort_participants p JOIN cohorts c ON c.id = p.cohort_id"
            " WHERE NOT EXISTS (SELECT 1 FROM audit_events e"
            "  WHERE e.action = 'cohort.joined' AND e.actor_id = p.user_id"
            "  AND e.target_type = 'Cohort' AND e.target_id = p.cohort_id)"
            " ORDER BY p.id"
        )
    ).all()
    if not rows:
        return
    from tamkeen.database import utcnow

    now = utcnow()
    invitations = sa.table(
        'cohort_personal_invitations',
        sa.column('cohort_id', sa.Integer()),
        sa.column('user_id', sa.Integer()),
        sa.column('organization_id', sa.Integer()),
        sa.column('invited_by_id', sa.Integer()),
        sa.column('created_at', sa.DateTime()),
    )
    op.bulk_insert(invitations, [
        {'cohort_id': cohort_id, 'user_id': user_id, 'organization_id': organization_id,
         'invited_by_id': None, 'created_at': now}
        for _id, cohort_id, user_id, organization_id, _name in rows
    ])
    op.bulk_insert(_notices_table(), [
        {'user_id': user_id, 'kind': 'cohort.invited', 'subject_id': cohort_id,
         'details': {'cohort': name}, 'created_at': now}
        for _id, cohort_id, user_id, _organization_id, name in rows
    ])
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ", ".join(str(int(i)) for i in ids[start:start + 500])
        op.execute(f"DELETE FROM cohort_participants WHERE id IN ({chunk})")


def _notices_table():
    return sa.table(
        'notices',
        sa.column('user_id', sa.Integer()),
        sa.column('kind', sa.String()),
        sa.column('subject_id', sa.Integer()),
        sa.column('details', sa.JSON()),
        sa.column('created_at', sa.DateTime()),
    )


def _tell_every_participant():
    """People who joined by a link before consent was asked in words get a notice: which
    cohort, that its organizers see their progress in its courses, and that they can leave."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT p.user_id, p.cohort_id, c.name FROM cohort_participants p"
            " JOIN cohorts c ON c.id = p.cohort_id ORDER BY p.id"
        )
    ).all()
    if not rows:
        return
    notices = _notices_table()
    from tamkeen.database import utcnow

    now = utcnow()
    op.bulk_insert(notices, [
        {'user_id': user_id, 'kind': 'cohort.member', 'subject_id': cohort_id,
         'details': {'cohort': name}, 'created_at': now}
        for user_id, cohort_id, name in rows
    ])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificates_cohort_id_cohorts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_certificates_cohort_id'))
        batch_op.drop_column('cohort_id')

    with op.batch_alter_table('cohort_personal_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_personal_invitations_user_id'))
        batch_op.drop_index(batch_op.f('ix_cohort_personal_invitations_cohort_id'))

    op.drop_table('cohort_personal_invitations')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_user_id_seen_at')

    op.drop_table('notices')
