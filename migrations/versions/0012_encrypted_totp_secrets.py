"""encrypted totp secrets: authenticator secrets encrypted with a key kept apart from the database (sealing.py)

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-22 09:00:00

"""
from alembic import op
import sqlalchemy as sa

from tamkeen import sealing


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

users = sa.table('users', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))


def _rewrite_secrets(change) -> None:
    """Each stored secret through ``change`` (the key comes from the app's settings)."""
    connection = op.get_bind()
    query = sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))
    for user_id, value in connection.execute(query).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(totp_secret=change(value))
        )


def upgrade():
    # A sealed secret is longer than the secret. On SQLite this rebuilds the table, with
    # foreign keys off during the migration (env.py), so no row referring to a user goes.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.String(length=64),
               type_=sa.String(length=160),
               existing_nullable=True)
    _rewrite_secrets(lambda value: value if sealing.is_sealed(value) else sealing.seal(value))


def downgrade():
    _rewrite_secrets(lambda value: sealing.unseal(value) if sealing.is_sealed(value) else value)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.String(length=160),
               type_=sa.String(length=64),
               existing_nullable=True)
