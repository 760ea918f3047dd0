"""Organizers delete a cohort they run, administrators a partner organization: asked
first, people keep their accounts, progress and certificates, and nothing of the deleted
cohort reaches a new one."""

from tamkeen.audit import AuditEvent
from tamkeen.certificates.models import Certificate
from tamkeen.cohorts.models import Cohort, CohortParticipant, Invitation, Organization
from tamkeen.learning.models import Enrolment, LessonProgress


def a_cohort(client, make, auth):
    organizer = make.user("org", roles=("organizer",))
    course = make.course(modules=1, lessons=1)
    amal = make.user("amal")
    tanmia = make.organization("Association Tanmia")
    cohort = make.cohort(organizer, participants=[amal], courses=[course], organization=tanmia)
    make.complete(amal, course.modules[0].lessons[0])
    make.certificate(amal, course)
    auth.login("org")
    invitation = {"invite-max_uses": 5, "invite-days": 7}
    assert client.post_form(f"/cohorts/{cohort.id}/invitations", invitation).status_code == 200
    return cohort, tanmia


def test_organizer_deletes_a_cohort_after_confirming_and_people_keep_their_progress(
    client, make, auth
):
    cohort, _tanmia = a_cohort(client, make, auth)
    url = f"/cohorts/{cohort.id}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "1 participant" in page and "1 invitation" in page

    unconfirmed = client.post_form(url, {})
    assert unconfirmed.status_code == 422 and "Tick the box" in unconfirmed.get_data(as_text=True)
    assert make.count(Cohort) == 1 and make.count(Invitation) == 1

    assert client.post_form(url, {"confirm": "y"}).status_code == 302
    assert make.count(Cohort) == make.count(CohortParticipant) == make.count(Invitation) == 0
    assert make.count(Enrolment) == make.count(LessonProgress) == make.count(Certificate) == 1
    assert client.get(f"/cohorts/{cohort.id}").status_code == 404
    assert make.count(AuditEvent, action="cohort.deleted", target_id=None) == 1
    assert make.count(AuditEvent, target_type="Cohort", target_id=cohort.id) == 0


def test_a_new_cohort_with_the_same_id_inherits_no_audit_line(client, make, auth):
    cohort, _tanmia = a_cohort(client, make, auth)
    client.post_form(f"/cohorts/{cohort.id}/delete", {"confirm": "y"})
    again = make.cohort(make.user("org2", roles=("organizer",)))  # SQLite gives the same id
    auth.login("org2")
    page = client.get(f"/cohorts/{again.id}/audit").get_data(as_text=True)
    assert "cohort.invitation_created" not in page and "cohort.deleted" not in page


def test_another_organizer_cannot_delete_it(client, make, auth):
    cohort, _tanmia = a_cohort(client, make, auth)
    make.user("other", roles=("organizer",))
    auth.login("other")
    assert client.get(f"/cohorts/{cohort.id}/delete").status_code == 404
    assert client.post_form(f"/cohorts/{cohort.id}/delete", {"confirm": "y"}).status_code == 404
    assert make.count(Cohort) == 1


def test_administrator_deletes_an_organization_and_its_cohorts_stay(client, make, auth):
    cohort, tanmia = a_cohort(client, make, auth)
    assert client.get(f"/organizations/{tanmia.id}/delete").status_code == 403  # organizers
    make.user("root", roles=("admin",))
    auth.login("root")
    url = f"/organizations/{tanmia.id}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "1 cohort is run by it" in page and "0 participants came through it" in page
    assert client.post_form(url, {}).status_code == 302
    assert make.count(Organization) == 0
    assert make.get(Cohort, cohort.id).organization_id is None
    assert make.count(CohortParticipant) == 1
    assert make.get(Certificate, 1).issuer == "Association Tanmia"  # printed, kept
