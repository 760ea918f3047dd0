"""Global identities: rows that travel between a central server and workshop laptops.

An integer primary key stays the key of every table; a UUID column, assigned where the
row was made and kept forever, names it across instances (docs/design/workshop-sync.md,
section 3). A merge matches rows by this UUID, never by integer id or username.
"""

from uuid import UUID, uuid4

from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column


class GloballyIdentified:
    """Mixin: a ``uuid`` column, unique, given at creation (ORM adds and Core inserts)."""

    uuid: Mapped[UUID] = mapped_column(Uuid, default=uuid4, unique=True)
