"""The administration's lines of the audit log in words."""

from flask_babel import lazy_gettext as _l

from ..audit import describe_actions


def register_audit_words() -> None:
    describe_actions({"backup.created": _l("made an encrypted backup of the whole site")})
