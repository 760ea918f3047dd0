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
