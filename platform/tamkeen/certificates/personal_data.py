"""A person's certificates, for the own-data export and for erasure.

Erasing deletes the certificates (they print the person's chosen name) and their cached
PDFs; their codes then verify as unknown, like any mistyped code.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..accounts.personal_data import register_section
from ..audit import forget_targets
from ..extensions import db
from ..pdf import forget_owner
from .codes import format_code
from .models import Certificate, RetiredStatusIndex


def _certificates(user) -> list[dict[str, Any]]:
    query = select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id)
    return [
        {
            "code": format_code(c.code),
            "course": c.course_title,
            "printed_name": c.printed_name,
            "issuer": c.issuer,
            "completed_at": c.completed_at,
            "issued_at": c.issued_at,
            "revoked_at": c.revoked_at,
            "revoke_reason": c.revoke_reason,
        }
        for c in db.session.scalars(query)
    ]


def _erase_certificates(user) -> None:
    ids = list(db.session.scalars(select(Certificate.id).where(Certificate.user_id == user.id)))
    forget_targets("Certificate", ids)
    positions = db.session.scalars(
        select(Certificate.status_index).where(
            Certificate.user_id == user.id, Certificate.status_index.is_not(None)
        )
    )
    db.session.add_all(RetiredStatusIndex(status_index=index) for index in positions)
    db.session.flush()
    db.session.execute(delete(Certificate).where(Certificate.user_id == user.id))
    forget_owner(user.id)


def register_personal_data() -> None:
    register_section(
        "certificates",
        _l("Your certificates"),
        export=_certificates,
        erase=_erase_certificates,
        labels={
            "code": _l("Code"),
            "course": _l("Course"),
            "printed_name": _l("Name printed"),
            "issuer": _l("Issued by"),
            "completed_at": _l("Completed on"),
            "issued_at": _l("Issued on"),
            "revoked_at": _l("Revoked on"),
            "revoke_reason": _l("Reason for revoking"),
        },
    )
