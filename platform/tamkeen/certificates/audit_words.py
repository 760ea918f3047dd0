"""The certificates' lines of the audit log in words, and how the log names one."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..audit import describe_actions, describe_targets
from .models import Certificate

_ERASED_ISSUER = _l("an organizer whose account no longer exists")
_BY_HAND = ("certificate.issued", "certificate.reinstated", "certificate.revoked")


def register_audit_words() -> None:
    describe_actions(
        {
            "certificate.issued": _l("issued a certificate"),
            "certificate.reinstated": _l("reinstated a revoked certificate"),
            "certificate.revoked": _l("revoked a certificate"),
            "certificate.default_logo_changed": _l("changed the default logo on certificates"),
        },
        # by=None: completing the course issued it (issue_on_completion)
        by_system={"certificate.issued": _l("issued on completion")},
        # by an organizer (or administrator) who has since erased their account: not
        # "on completion", which the line would otherwise read as
        by_erased={code: _ERASED_ISSUER for code in _BY_HAND},
    )
    describe_targets(
        Certificate,
        _certificate_words,
        _l("a deleted certificate"),
        load=[joinedload(Certificate.user)],
    )


def _certificate_words(certificate: Certificate) -> str:
    return _(
        "the certificate of %(holder)s for “%(course)s”",
        holder=certificate.user.name,
        course=certificate.course_title,
    )
