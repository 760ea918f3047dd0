"""The accounts' lines of the audit log in words, and how the log names a person."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..audit import describe_actions, describe_targets
from .models import User


def register_audit_words(role_names: dict) -> None:
    words = {
        "staff.sign_in": _l("signed in (staff)"),
        "account.password_changed": _l("changed the account's password"),
        "account.password_set_by_link": _l("chose a password with a welcome link"),
        "account.disabled": _l("disabled an account"),
        "account.enabled": _l("enabled an account again"),
        "account.first_admin_created": _l("created the first administrator's account"),
        "account.recovery_code_used": _l("signed in with a recovery code"),
        "account.two_factor_enabled": _l("turned on two-step sign-in"),
        "account.two_factor_disabled": _l("turned off two-step sign-in"),
        "account.erased": _l("erased an account"),
    }
    for role, name in role_names.items():
        words[f"role.granted.{role}"] = _l("gave the role: %(role)s", role=name)
        words[f"role.removed.{role}"] = _l("took away the role: %(role)s", role=name)
    # by=None: the owner erased it, or it went unused past its retention
    erased = _l("an account was erased, by its owner or after long disuse")
    describe_actions(words, by_system={"account.erased": erased})
    describe_targets(User, lambda user: user.username, _l("an erased account"), url=_user_url)


def _user_url(user: User, reader) -> str | None:
    """Only administrators open people's accounts."""
    if reader is not None and reader.has_role("admin"):
        return url_for("admin.user", user_id=user.id)
    return None
