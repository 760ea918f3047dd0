"""Open Badges credentials: each certificate's position in the revocation status list
(a random free one; existing certificates get theirs here), and the positions of erased
certificates, never given again

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 10:00:00

"""

import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LIST_SIZE = 131_072  # openbadges/statuslist.py


def upgrade():
    op.create_table(
        "retired_status_indices",
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status_index", name=op.f("pk_retired_status_indices")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_index", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_status_index"), ["status_index"]
        )
    connection = op.get_bind()
    ids = list(connection.scalars(sa.text("SELECT id FROM certificates ORDER BY id")))
    for certificate_id, index in zip(
        ids, secrets.SystemRandom().sample(range(LIST_SIZE), len(ids))
    ):
        connection.execute(
            sa.text("UPDATE certificates SET status_index = :index WHERE id = :id"),
            {"index": index, "id": certificate_id},
        )


def downgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_certificates_status_index"), type_="unique")
        batch_op.drop_column("status_index")
    op.drop_table("retired_status_indices")
