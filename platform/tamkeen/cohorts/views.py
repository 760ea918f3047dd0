"""Organizers' pages for running cohorts: create and edit, courses, people, invitations."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import role_required
from ..audit import EVENTS_PER_PAGE, audit_lines
from ..authoring.image_cleaning import ImageRefused
from ..certificates.logos import MAX_LOGO_BYTES, store_logo
from ..extensions import db
from ..laptop import central_only
from ..learning.guides import courses_with_guides
from ..web import ActionForm, get_or_404, render_form
from . import invitations, membership, roster, services
from .forms import (
    CohortForm,
    CoursesForm,
    DeleteCohortForm,
    InvitationForm,
    InvitePersonForm,
    OrganizationDetailsForm,
    OrganizationForm,
    OrganizerForm,
    RosterForm,
)
from .models import Invitation, Organization
from .policies import cohort_or_404, participant_or_404

bp = Blueprint("cohorts", __name__)

STAFF = ("organizer", "admin")
INVITED_PER_PAGE = 50


@bp.route("/cohorts")
@role_required(*STAFF)
def index():
    cohorts = services.cohorts_for(current_user)
    counts = services.participant_counts(c.id for c in cohorts)
    return render_template("cohorts/index.html", cohorts=cohorts, counts=counts)


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required(*STAFF)
@central_only
def new():
    form = CohortForm()
    if form.validate_on_submit():
        cohort = services.create_cohort(by=current_user, **form.fields())
        flash(_("The cohort is created. Now choose its courses."), "success")
        return redirect(url_for("cohorts.courses", cohort_id=cohort.id))
    return render_form("cohorts/edit.html", form, cohort=None)


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
@central_only
def edit(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = CohortForm(obj=cohort)
    if not form.is_submitted():
        form.organization.data = cohort.organization_id
        for entry, line in zip(form.signatories, cohort.signatories, strict=False):
            entry.form.name.data, entry.form.title.data = line.name, line.title
    if form.validate_on_submit():
        services.update_cohort(cohort, by=current_user, **form.fields())
        flash(_("The cohort is saved."), "success")
        return redirect(url_for("reports.dashboard", cohort_id=cohort.id))
    return render_form("cohorts/edit.html", form, cohort=cohort)


@bp.route("/cohorts/<int:cohort_id>/courses", methods=["GET", "POST"])
@role_required(*STAFF)
@central_only
def courses(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = CoursesForm()
    if not form.is_submitted():
        form.courses.data = [course.id for course in services.cohort_courses(cohort)]
    if form.validate_on_submit():
        services.set_courses(cohort, form.courses.data, by=current_user)
        flash(_("The courses are saved; every participant is enrolled in them."), "success")
        return redirect(url_for("cohorts.people", cohort_id=cohort.id))
    chosen = services.cohort_courses(cohort)
    with_guides = courses_with_guides([course.id for course in chosen])
    guides = [course for course in chosen if course.id in with_guides]
    return render_form("cohorts/courses.html", form, cohort=cohort, guides=guides)


def _people_page(cohort, status=200, **forms):
    from ..workshops.services import SLIPS_PER_PDF

    context = {
        "invitation_form": forms.get("invitation_form") or InvitationForm(prefix="invite"),
        "person_form": forms.get("person_form") or InvitePersonForm(prefix="person"),
        "roster_form": forms.get("roster_form") or RosterForm(prefix="roster"),
        "organizer_form": forms.get("organizer_form") or OrganizerForm(prefix="organizer"),
        "new_code": forms.get("new_code"),
        "roster": forms.get("roster"),
        "outcome": forms.get("outcome"),
        "slips_per_pdf": SLIPS_PER_PDF,
    }
    body = render_template(
        "cohorts/people.html",
        cohort=cohort,
        invitations=invitations.invitations_of(cohort),
        invited=db.paginate(
            membership.pending_query(cohort),
            page=request.args.get("page", 1, type=int),
            per_page=INVITED_PER_PAGE,
            error_out=False,
        ),
        action_form=ActionForm(),
        **context,
    )
    return body, status


@bp.route("/cohorts/<int:cohort_id>/people")
@role_required(*STAFF)
def people(cohort_id: int):
    return _people_page(cohort_or_404(current_user, cohort_id))


@bp.route("/cohorts/<int:cohort_id>/invitations", methods=["POST"])
@role_required(*STAFF)
def invite(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = InvitationForm(prefix="invite")
    if not form.validate_on_submit():
        return _people_page(cohort, 422, invitation_form=form)
    _invitation, code = invitations.create_invitation(
        cohort,
        by=current_user,
        max_uses=form.max_uses.data,
        days=form.days.data,
        organization_id=form.organization.data,
    )
    # Shown once, on this page: only the code's hash is kept.
    return _people_page(cohort, new_code=code)


@bp.route("/cohorts/<int:cohort_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@role_required(*STAFF)
def revoke_invitation(cohort_id: int, invitation_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    invitation = get_or_404(Invitation, invitation_id)
    if invitation.cohort_id != cohort.id:
        abort(404)
    invitations.revoke_invitation(invitation, by=current_user)
    flash(_("The invitation is withdrawn: nobody else can join with it."), "success")
    return redirect(url_for("cohorts.people", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/roster", methods=["POST"])
@role_required(*STAFF)
def upload_roster(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = RosterForm(prefix="roster")
    if not form.validate_on_submit():
        return _people_page(cohort, 422, roster_form=form)
    checked = roster.read_roster(form.data_bytes())
    if not checked.ok:
        return _people_page(cohort, 422, roster_form=form, roster=checked)
    outcome = roster.apply_roster(
        cohort, checked, organization_id=form.organization.data, by=current_user
    )
    return _people_page(cohort, outcome=outcome)


@bp.route("/cohorts/<int:cohort_id>/people/invite", methods=["POST"])
@role_required(*STAFF)
def invite_person(cohort_id: int):
    """One person by username: the same rules as a list (an account is made if none has
    the username; an existing one is invited and joins when its owner accepts)."""
    cohort = cohort_or_404(current_user, cohort_id)
    form = InvitePersonForm(prefix="person")
    if not form.validate_on_submit():
        return _people_page(cohort, 422, person_form=form)
    checked = roster.one_row(form.username.data)
    if not checked.ok:
        form.username.errors.extend(str(message) for _line, message in checked.problems)
        return _people_page(cohort, 422, person_form=form)
    outcome = roster.apply_roster(
        cohort, checked, organization_id=form.organization.data, by=current_user
    )
    blank = InvitePersonForm(prefix="person", formdata=None)  # ready for the next person
    return _people_page(cohort, outcome=outcome, person_form=blank)


@bp.route("/cohorts/<int:cohort_id>/invited/<int:user_id>/withdraw", methods=["POST"])
@role_required(*STAFF)
def withdraw_personal_invitation(cohort_id: int, user_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    invitation = membership.find_invitation(cohort.id, user_id)
    if invitation is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    membership.withdraw_invitation(invitation, by=current_user)
    flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("cohorts.people", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/organizers", methods=["POST"])
@role_required(*STAFF)
@central_only
def add_organizer(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = OrganizerForm(prefix="organizer")
    if not form.validate_on_submit():
        return _people_page(cohort, 422, organizer_form=form)
    services.add_organizer(cohort, form.user, by=current_user)
    flash(_("%(name)s can now run this cohort.", name=form.user.username), "success")
    return redirect(url_for("cohorts.people", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/participants/<int:user_id>/remove", methods=["POST"])
@role_required(*STAFF)
def remove_participant(cohort_id: int, user_id: int):
    cohort, participant = participant_or_404(current_user, cohort_id, user_id)
    services.remove_participant(cohort, participant, by=current_user)
    flash(_("The participant is removed from the cohort. Their own progress is kept."), "success")
    return redirect(url_for("reports.participants", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/delete", methods=["GET", "POST"])
@role_required(*STAFF)
@central_only
def delete(cohort_id: int):
    cohort = cohort_or_404(current_user, cohort_id)
    form = DeleteCohortForm()
    if form.validate_on_submit():
        services.delete_cohort(cohort, by=current_user)
        flash(
            _("The cohort is deleted. Its participants keep their accounts and progress."),
            "success",
        )
        return redirect(url_for("cohorts.index"))
    counts = services.participant_counts([cohort.id])
    invited = len(invitations.invitations_of(cohort))
    return render_form(
        "cohorts/delete.html", form, cohort=cohort, participants=counts.get(cohort.id, 0),
        invitations=invited,
    )  # fmt: skip


@bp.route("/cohorts/<int:cohort_id>/audit")
@role_required(*STAFF)
def audit(cohort_id: int):
    """The audit log's lines about this cohort, for the people who run it."""
    cohort = cohort_or_404(current_user, cohort_id)
    query = services.cohort_events(cohort)
    page = db.paginate(query, per_page=EVENTS_PER_PAGE, error_out=False)
    lines = audit_lines(page.items, reader=current_user, unnamed=services.PARTICIPANTS_OWN_ACTS)
    return render_template("cohorts/audit.html", cohort=cohort, page=page, lines=lines)


@bp.route("/organizations", methods=["GET", "POST"])
@role_required(*STAFF)
@central_only
def organizations():
    form = OrganizationForm()
    if form.validate_on_submit():
        services.create_organization(form.name.data, by=current_user)
        flash(_("The organization is added."), "success")
        return redirect(url_for("cohorts.organizations"))
    return render_form("cohorts/organizations.html", form, organizations=services.organizations())


@bp.route("/organizations/<int:organization_id>", methods=["GET", "POST"])
@role_required("admin")
@central_only
def organization(organization_id: int):
    """What the organization's certificates print: its name in each language, its logo.
    A refused logo changes nothing, names included."""
    organization = get_or_404(Organization, organization_id)
    form = OrganizationDetailsForm()
    if not form.is_submitted():
        for language in ("ar", "fr", "en"):
            getattr(form, f"name_{language}").data = (organization.names or {}).get(language)
    if form.validate_on_submit():
        logo = organization.logo
        try:
            if form.remove_logo.data:
                logo = None
            elif form.logo.data:
                logo = store_logo(
                    form.logo.data.stream.read(MAX_LOGO_BYTES + 1), form.logo.data.filename
                )
        except ImageRefused as refused:
            form.logo.errors.append(refused.message)
        else:
            names = {lang: getattr(form, f"name_{lang}").data for lang in ("ar", "fr", "en")}
            services.update_organization(organization, names=names, logo=logo, by=current_user)
            flash(_("The organization is saved."), "success")
            return redirect(url_for("cohorts.organization", organization_id=organization.id))
    return render_form("cohorts/organization.html", form, organization=organization)


@bp.route("/organizations/<int:organization_id>/delete", methods=["GET", "POST"])
@role_required("admin")
@central_only
def delete_organization(organization_id: int):
    """Organizations are shared by every organizer's cohorts: only administrators delete."""
    organization = get_or_404(Organization, organization_id)
    form = ActionForm()
    if form.validate_on_submit():
        services.delete_organization(organization, by=current_user)
        flash(_("The organization is deleted."), "success")
        return redirect(url_for("cohorts.organizations"))
    cohorts, people = services.organization_uses(organization)
    return render_form(
        "cohorts/delete_organization.html", form, organization=organization,
        cohorts=cohorts, people=people,
    )  # fmt: skip
