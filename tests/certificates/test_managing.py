"""Organizers issue certificates by hand and revoke them with a reason."""

import pytest

from tamkeen.audit import AuditEvent
from tamkeen.certificates.codes import format_code
from tamkeen.certificates.models import Certificate

from .helpers import the_certificate


@pytest.fixture
def organizer(make, auth):
    user = make.user("org", roles=("trainee", "organizer"))
    auth.login("org")
    return user


def in_my_cohort(make, organizer, course, user):
    """Organizers act only for their own cohorts' participants, in those cohorts' courses."""
    make.cohort(organizer, participants=[user], courses=[course])
    return user


def test_organizer_issues_a_certificate_for_a_workshop_participant(client, make, organizer):
    course = make.course(modules=1, lessons=1)
    in_my_cohort(make, organizer, course, make.user("amal"))
    response = client.post_form(
        "/certificates/manage/issue", {"issue-username": "amal", "issue-course": course.id}
    )
    assert response.status_code == 302
    certificate = the_certificate(make.app)
    assert certificate.printed_name is None  # the holder still chooses it
    assert make.count(AuditEvent, action="certificate.issued") == 1
    page = client.get("/certificates/manage").get_data(as_text=True)
    assert format_code(certificate.code) in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"issue-username": "nobody"}, "participants has this username and takes this course"),
        ({"issue-username": ""}, "Enter a username."),
        ({"issue-username": "amal", "issue-course": "999999"}, "Not a valid choice"),
    ],
)
def test_issue_form_errors_change_nothing(client, make, organizer, data, message):
    course = make.course()
    in_my_cohort(make, organizer, course, make.user("amal"))
    data.setdefault("issue-course", course.id)
    response = client.post_form("/certificates/manage/issue", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert make.count(Certificate) == 0


def test_organizer_revokes_with_a_reason(client, make, organizer):
    course = make.course()
    amal = in_my_cohort(make, organizer, course, make.user("amal"))
    certificate = make.certificate(amal, course, printed_name="Amal")
    response = client.post_form(
        "/certificates/manage/revoke",
        {"revoke-code": format_code(certificate.code), "revoke-reason": "Issued by mistake"},
    )
    assert response.status_code == 302
    revoked = make.get(Certificate, certificate.id)
    assert revoked.is_revoked and revoked.revoke_reason == "Issued by mistake"
    assert make.count(AuditEvent, action="certificate.revoked") == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"revoke-reason": ""}, "Say why the certificate is revoked."),
        ({"revoke-code": "ABCD-EFGH"}, "No certificate has this code."),
        ({"revoke-reason": "x" * 501}, "At most 500 characters."),
    ],
)
def test_revoke_form_errors_change_nothing(client, make, organizer, data, message):
    course = make.course()
    amal = in_my_cohort(make, organizer, course, make.user("amal"))
    certificate = make.certificate(amal, course, printed_name="Amal")
    form = {"revoke-code": certificate.code, "revoke-reason": "A reason"} | data
    response = client.post_form("/certificates/manage/revoke", form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert not make.get(Certificate, certificate.id).is_revoked


def test_revoking_twice_is_refused(client, make, organizer):
    course = make.course()
    amal = in_my_cohort(make, organizer, course, make.user("amal"))
    certificate = make.certificate(amal, course, printed_name="Amal")
    form = {"revoke-code": certificate.code, "revoke-reason": "Mistake"}
    client.post_form("/certificates/manage/revoke", form)
    response = client.post_form("/certificates/manage/revoke", form)
    assert response.status_code == 422
    assert "already revoked" in response.get_data(as_text=True)
    assert make.count(AuditEvent, action="certificate.revoked") == 1


def test_organizer_reissuing_a_revoked_certificate_reinstates_it(client, make, organizer):
    course = make.course()
    amal = in_my_cohort(make, organizer, course, make.user("amal"))
    certificate = make.certificate(amal, course, printed_name="Amal")
    client.post_form(
        "/certificates/manage/revoke", {"revoke-code": certificate.code, "revoke-reason": "Oops"}
    )
    client.post_form(
        "/certificates/manage/issue", {"issue-username": "amal", "issue-course": course.id}
    )
    again = make.get(Certificate, certificate.id)
    assert not again.is_revoked and again.code == certificate.code
    assert make.count(Certificate) == 1


def test_trainees_and_trainers_cannot_manage_certificates(client, make, auth):
    make.user("amal")
    make.user("tess", roles=("trainer",))
    course = make.course()
    for username in ("amal", "tess"):
        auth.login(username)
        assert client.get("/certificates/manage").status_code == 403
        response = client.post_form(
            "/certificates/manage/issue", {"issue-username": username, "issue-course": course.id}
        )
        assert response.status_code == 403
        auth.logout()
    assert make.count(Certificate) == 0
