"""global identities and workshop kits: UUIDs on the rows that travel, salted recovery
codes, tombstones, and the workshop kits with their import journal

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

IDENTIFIED = (
    'users', 'organizations', 'cohorts', 'courses', 'lessons', 'quizzes', 'questions',
    'attempts', 'notices', 'audit_events',
)

# A version-4 UUID as SQLAlchemy's Uuid stores it on SQLite: 32 lower-case hex digits.
SQLITE_UUID4 = (
    "lower(hex(randomblob(4)) || hex(randomblob(2)) || '4' || substr(hex(randomblob(2)), 2)"
    " || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)"
    " || hex(randomblob(6)))"
)


def upgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    for table in IDENTIFIED:
        op.add_column(table, sa.Column('uuid', sa.Uuid(), nullable=True))
        # A UUID has no constant server default: the rows there are get one each, then
        # the column becomes NOT NULL (new rows get theirs from the models' default).
        value = 'gen_random_uuid()' if postgres else SQLITE_UUID4
        op.execute(f'UPDATE {table} SET uuid = {value}')
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column('uuid', existing_type=sa.Uuid(), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_uuid'), ['uuid'])

    # Codes made before hashed the integer user id with the code: that id is their salt.
    op.add_column('recovery_codes', sa.Column('salt', sa.String(length=40), server_default='', nullable=False))
    op.execute('UPDATE recovery_codes SET salt = CAST(user_id AS VARCHAR(40))')

    op.create_table('tombstones',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'key', name=op.f('pk_tombstones'))
    )
    op.create_table('workshop_kits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('schema', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_workshop_kits_cohort_id_cohorts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_workshop_kits_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_kits')),
    sa.UniqueConstraint('uuid', name=op.f('uq_workshop_kits_uuid'))
    )
    op.create_index(op.f('ix_workshop_kits_cohort_id'), 'workshop_kits', ['cohort_id'], unique=False)
    op.create_table('workshop_kit_members',
    sa.Column('kit_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['kit_id'], ['workshop_kits.id'], name=op.f('fk_workshop_kit_members_kit_id_workshop_kits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_workshop_kit_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kit_id', 'user_id', name=op.f('pk_workshop_kit_members'))
    )
    op.create_index(op.f('ix_workshop_kit_members_user_id'), 'workshop_kit_members', ['user_id'], unique=False)
    op.create_table('workshop_kit_courses',
    sa.Column('kit_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_workshop_kit_courses_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kit_id'], ['workshop_kits.id'], name=op.f('fk_workshop_kit_courses_kit_id_workshop_kits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kit_id', 'course_id', name=op.f('pk_workshop_kit_courses'))
    )
    op.create_index(op.f('ix_workshop_kit_courses_course_id'), 'workshop_kit_courses', ['course_id'], unique=False)
    op.create_table('workshop_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kit_id', sa.Integer(), nullable=False),
    sa.Column('device', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('payload_sha256', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('via', sa.String(length=8), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('batches_done', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_workshop_imports_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['kit_id'], ['workshop_kits.id'], name=op.f('fk_workshop_imports_kit_id_workshop_kits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_imports')),
    sa.UniqueConstraint('kit_id', 'device', 'seq', name=op.f('uq_workshop_imports_kit_id_device_seq'))
    )
    op.create_table('workshop_accounts',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kit_id', sa.Integer(), nullable=True),
    sa.Column('device', sa.Uuid(), nullable=False),
    sa.Column('first_imported_at', sa.DateTime(), nullable=False),
    sa.Column('renamed_from', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['kit_id'], ['workshop_kits.id'], name=op.f('fk_workshop_accounts_kit_id_workshop_kits'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_workshop_accounts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_workshop_accounts'))
    )


def downgrade():
    op.drop_table('workshop_accounts')
    op.drop_table('workshop_imports')
    op.drop_index(op.f('ix_workshop_kit_courses_course_id'), table_name='workshop_kit_courses')
    op.drop_table('workshop_kit_courses')
    op.drop_index(op.f('ix_workshop_kit_members_user_id'), table_name='workshop_kit_members')
    op.drop_table('workshop_kit_members')
    op.drop_index(op.f('ix_workshop_kits_cohort_id'), table_name='workshop_kits')
    op.drop_table('workshop_kits')
    op.drop_table('tombstones')
    with op.batch_alter_table('recovery_codes') as batch_op:
        batch_op.drop_column('salt')
    for table in reversed(IDENTIFIED):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_uuid'), type_='unique')
            batch_op.drop_column('uuid')
