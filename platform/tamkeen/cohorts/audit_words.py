"""The cohorts' lines of the audit log in words, and how the log names a cohort."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..audit import describe_actions, describe_targets
from .models import Cohort, Organization
from .policies import can_run_cohort


def register_audit_words() -> None:
    describe_actions(
        {
            "organization.created": _l("added an organization"),
            "organization.deleted": _l("deleted an organization"),
            "organization.updated": _l("changed an organization's names or logo"),
            "cohort.created": _l("created the cohort"),
            "cohort.updated": _l("changed the cohort's name or dates"),
            "cohort.deleted": _l("deleted the cohort"),
            "cohort.organizer_added": _l("added an organizer to the cohort"),
            "cohort.courses_changed": _l("changed the cohort's courses"),
            "cohort.participants_added": _l("added participants to the cohort"),
            "cohort.participant_removed": _l("removed a participant from the cohort"),
            "cohort.people_invited": _l("invited people to the cohort"),
            "cohort.invitation_withdrawn": _l("withdrew an invitation to the cohort"),
            "cohort.invitation_created": _l("made an invitation link to the cohort"),
            "cohort.invitation_revoked": _l("revoked an invitation link to the cohort"),
            "cohort.invitation_accepted": _l("accepted the invitation to the cohort"),
            "cohort.invitation_declined": _l("declined the invitation to the cohort"),
            "cohort.joined": _l("joined the cohort with an invitation link"),
            "cohort.left": _l("left the cohort"),
        }
    )
    describe_targets(Cohort, lambda cohort: cohort.name, _l("a deleted cohort"), url=_cohort_url)
    describe_targets(
        Organization, lambda organization: organization.name, _l("a deleted organization")
    )


def _cohort_url(cohort: Cohort, reader) -> str | None:
    if can_run_cohort(reader, cohort):
        return url_for("reports.dashboard", cohort_id=cohort.id)
    return None
