"""The one permission vocabulary: role_required on views, can_view/can_edit on objects.

can_manage is the owner's right over an object (e.g. who else may edit a course); a
policy that does not name it falls back to its edit rule.

Domains register a policy for their top-level objects (a course, a cohort). A child object
(a lesson, a quiz) has no policy of its own: it names its parent in ``protection_parent``
and is protected exactly as that parent is.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

Policy = Callable[[Any, Any], bool]
_view_policies: dict[type, Policy] = {}
_edit_policies: dict[type, Policy] = {}
_manage_policies: dict[type, Policy] = {}


def role_required(*roles: str):
    """The view needs a signed-in user holding at least one of these roles; 403 otherwise.

    A staff role works only with two-factor sign-in on: someone who holds the role without
    it is sent to set it up first.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                if current_user.holds_role(*roles) and current_user.needs_two_factor:
                    flash(_l("Set up two-step sign-in to use your role."), "info")
                    return redirect(url_for("accounts.two_factor", next=request.path))
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def register_policy(cls: type, *, view: Policy, edit: Policy, manage: Policy | None = None) -> None:
    _view_policies[cls] = view
    _edit_policies[cls] = edit
    _manage_policies[cls] = manage or edit


def _protecting(obj: Any, policies: dict[type, Policy]) -> tuple[Any, Policy]:
    while type(obj) not in policies:
        parent = getattr(obj, "protection_parent", None)
        if parent is None:
            raise LookupError(f"no permission policy protects {type(obj).__name__}")
        obj = parent
    return obj, policies[type(obj)]


def _signed_in_user(user: Any) -> Any:
    return user if user is not None and user.is_authenticated else None


def can_view(user: Any, obj: Any) -> bool:
    target, policy = _protecting(obj, _view_policies)
    return policy(_signed_in_user(user), target)


def can_edit(user: Any, obj: Any) -> bool:
    target, policy = _protecting(obj, _edit_policies)
    return policy(_signed_in_user(user), target)


def can_manage(user: Any, obj: Any) -> bool:
    target, policy = _protecting(obj, _manage_policies)
    return policy(_signed_in_user(user), target)
