"""The accessibility statement (/accessibility): what was tested, how, the known gaps, and
where to report a barrier (docs/accessibility.md holds the method and the results)."""

from datetime import date

from flask import current_app, render_template

from .views import bp

# Change it with the statement: when its tests and gaps were last checked.
REVIEWED_ON = date(2026, 12, 6)


def _contact() -> tuple[str, str] | None:
    """The address to report a barrier to, as (link, text), from ACCESSIBILITY_CONTACT."""
    contact = current_app.config.get("ACCESSIBILITY_CONTACT") or ""
    if contact.startswith(("https://", "http://")):
        return contact, contact
    if "@" in contact and " " not in contact:
        return f"mailto:{contact}", contact
    return None


@bp.route("/accessibility")
def accessibility():
    return render_template(
        "learning/accessibility.html", contact=_contact(), reviewed_on=REVIEWED_ON
    )
