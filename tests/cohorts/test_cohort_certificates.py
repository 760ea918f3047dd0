"""Organizers issue and revoke certificates for their own cohorts' participants, with the
cohort's organization as issuer and its signature lines; nobody else's."""

import pytest

from tamkeen.audit import AuditEvent
from tamkeen.certificates.codes import format_code
from tamkeen.certificates.models import Certificate


@pytest.fixture
def setting(make, auth):
    organizer = make.user("org", roles=("trainee", "organizer"))
    tanmia = make.organization("Association Tanmia")
    course = make.course(modules=1, lessons=1)
    amal = make.user("amal")
    cohort = make.cohort(
        organizer,
        participants=[amal],
        courses=[course],
        organization=tanmia,
        signatories=[{"name": "Nadia El Idrissi", "title": "Director"}],
    )
    auth.login("org")
    return cohort, course, amal


def test_organizer_issues_with_the_cohorts_issuer_and_signature_lines(client, make, setting):
    cohort, course, amal = setting
    url = f"/cohorts/{cohort.id}/participants/{amal.id}/certificates"
    assert client.post_form(url, {"issue-course": course.id}).status_code == 302
    certificate = make.get(Certificate, 1)
    assert certificate.issuer == "Association Tanmia"
    assert certificate.signatories == [{"name": "Nadia El Idrissi", "title": "Director"}]
    page = client.get(f"/cohorts/{cohort.id}/participants/{amal.id}").get_data(as_text=True)
    assert format_code(certificate.code) in page


def test_completing_a_cohort_course_issues_the_cohorts_certificate(make, setting):
    _cohort, course, amal = setting
    make.enrol(amal, course)
    make.complete(amal, course.modules[0].lessons[0])
    assert make.get(Certificate, 1).issuer == "Association Tanmia"


def test_organizer_revokes_with_a_reason_and_an_empty_reason_changes_nothing(client, make, setting):
    cohort, course, amal = setting
    certificate = make.certificate(amal, course)
    url = f"/cohorts/{cohort.id}/certificates/{certificate.id}/revoke"
    response = client.post_form(url, {"revoke-reason": ""})
    assert response.status_code == 422 and "Say why" in response.get_data(as_text=True)
    assert not make.get(Certificate, certificate.id).is_revoked
    assert client.post_form(url, {"revoke-reason": "Issued by mistake"}).status_code == 302
    revoked = make.get(Certificate, certificate.id)
    assert revoked.is_revoked and revoked.revoke_reason == "Issued by mistake"
    assert make.count(AuditEvent, action="certificate.revoked") == 1


def test_bulk_issue_reaches_those_who_completed(client, make, setting):
    cohort, course, amal = setting
    badr = make.user("badr")
    with make.app.app_context():
        from tamkeen.cohorts import services
        from tamkeen.extensions import db

        services.add_participants(
            db.session.get(type(cohort), cohort.id),
            [db.session.merge(badr)],
            organization_id=None,
            by=None,
        )
        db.session.commit()
    make.complete(amal, course.modules[0].lessons[0])  # issues Amal's automatically
    with make.app.app_context():
        from tamkeen.extensions import db

        db.session.execute(db.delete(Certificate))
        db.session.commit()
    url = f"/cohorts/{cohort.id}/courses/{course.id}/certificates"
    response = client.post_form(url)
    assert response.status_code == 302
    assert (
        make.count(Certificate, user_id=amal.id) == 1
        and make.count(Certificate, user_id=badr.id) == 0
    )
    assert "1 certificate issued." in client.get(response.location).get_data(as_text=True)


def test_another_organizer_cannot_issue_or_revoke_for_this_cohort(client, make, auth, setting):
    cohort, course, amal = setting
    certificate = make.certificate(amal, course)
    make.user("other", roles=("trainee", "organizer"))
    auth.logout()
    auth.login("other")
    response = client.post_form(
        "/certificates/manage/issue", {"issue-username": "amal", "issue-course": course.id}
    )
    assert response.status_code == 422  # not one of their cohorts' courses
    assert "Not a valid choice" in response.get_data(as_text=True)
    response = client.post_form(
        "/certificates/manage/revoke",
        {"revoke-code": certificate.code, "revoke-reason": "Because"},
    )
    assert response.status_code == 422
    assert "No certificate has this code." in response.get_data(as_text=True)
    assert not make.get(Certificate, certificate.id).is_revoked
    assert make.count(Certificate) == 1
