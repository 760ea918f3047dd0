"""The organization an organizer last chose on a cohort's pages, kept in their session
(one per cohort), so that the dashboard and the participants table open on it again. The
session holds only the organization's id; choosing "All organizations" forgets it."""

from collections.abc import Mapping

from flask import session

KEY = "report_organizations"  # cohort id (as text) → organization id


def remember_organization(form, cohort_id: int, args: Mapping) -> None:
    """Keep the organization ``args`` ask for, or fill ``form`` with the one kept before
    (if it still is a choice: an organization may have been deleted since)."""
    kept = dict(session.get(KEY, {}))
    choices = {choice.value for choice in form.organization.choices}
    if "organization" in args:
        chosen = form.organization.data
        if chosen is None:
            kept.pop(str(cohort_id), None)
        elif chosen in choices:
            kept[str(cohort_id)] = chosen
        session[KEY] = kept
    elif kept.get(str(cohort_id)) in choices - {None}:
        form.organization.data = kept[str(cohort_id)]


def remembered(cohort_id: int, args: Mapping) -> int | None:
    """The organization kept for the cohort when ``args`` name none (else None)."""
    if "organization" in args:
        return None
    return session.get(KEY, {}).get(str(cohort_id))


def remember_chosen(cohort_id: int, chosen: int | None, args: Mapping) -> None:
    """What ``remember_organization`` does for a valid choice, without the form (a page
    served from the reports' cache, whose filters were valid when kept)."""
    if "organization" not in args:
        return
    kept = dict(session.get(KEY, {}))
    if chosen is None:
        kept.pop(str(cohort_id), None)
    else:
        kept[str(cohort_id)] = chosen
    session[KEY] = kept
