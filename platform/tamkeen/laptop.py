"""Is this instance a workshop laptop (set up from a kit, docs/workshops.md)? And the guard
for pages a laptop refuses: courses, cohorts and organizations are changed on the central
server only (the laptop's copy would be overwritten or lost when its results go back).

Domains import this core helper, never the workshops domain.
"""

from functools import wraps

from flask_babel import lazy_gettext as _l

from .site_settings import get_setting

WORKSHOP_SETTING = "workshop"  # written once by ``flask workshop setup``

LAPTOP_REFUSAL = _l(
    "This is a workshop laptop. Cohorts, their courses and organizations are changed on the "
    "central server; then a new kit is made for the next workshop."
)


def is_workshop_laptop() -> bool:
    return get_setting(WORKSHOP_SETTING) is not None


def central_only(view):
    """The view answers a 403 page saying why on a workshop laptop (put it under the role
    check: a visitor not signed in is still sent to sign in first)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if is_workshop_laptop():
            from .errors import render_error

            return render_error(403, LAPTOP_REFUSAL)
        return view(*args, **kwargs)

    return wrapped
