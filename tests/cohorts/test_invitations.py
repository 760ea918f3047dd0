"""Invitations: a link or a code, expiring, bounded, revocable; people join with their
account or create one through it. An expired, used-up or withdrawn one says so clearly."""

import re
from datetime import timedelta

import pytest

from tamkeen.accounts.models import RecoveryCode, User
from tamkeen.cohorts.models import CohortParticipant, Invitation
from tamkeen.extensions import db
from tamkeen.learning.models import Enrolment

from ..conftest import PASSWORD


@pytest.fixture
def invitation(make, client, auth):
    """(cohort, course, code): an invitation for 2 people, made by the organizer."""
    organizer = make.user("org", roles=("trainee", "organizer"))
    course = make.course()
    cohort = make.cohort(organizer, courses=[course])
    auth.login("org")
    page = client.post_form(
        f"/cohorts/{cohort.id}/invitations", {"invite-max_uses": "2", "invite-days": "7"}
    ).get_data(as_text=True)
    code = re.search(r"<code>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})</code>", page).group(1)
    assert f"/join/{code}" in page
    auth.logout()
    return cohort, course, code


def test_a_trainee_joins_with_the_link_and_is_enrolled(client, make, auth, invitation):
    cohort, course, code = invitation
    make.user("amal")
    auth.login("amal")
    assert "Join \u2068Spring cohort\u2069" in client.get(f"/join/{code}").get_data(as_text=True)
    assert client.post_form(f"/join/{code}").status_code == 302
    assert make.count(CohortParticipant, cohort_id=cohort.id) == 1
    assert make.count(Enrolment, course_id=course.id) == 1
    client.post_form(f"/join/{code}")  # joining twice uses no second place
    assert make.get(Invitation, 1).uses == 1


def test_a_newcomer_creates_an_account_through_the_invitation(client, make, invitation):
    cohort, _course, code = invitation
    response = client.post_form(
        f"/join/{code}/register",
        {"username": "tiziri", "password": PASSWORD, "confirm": PASSWORD},
    )
    # Like any registration: the recovery codes, shown once, then on to their courses.
    assert response.status_code == 200
    assert "recovery" in response.get_data(as_text=True).lower()
    assert make.count(RecoveryCode) == 10
    assert make.count(CohortParticipant, cohort_id=cohort.id) == 1
    assert "tiziri" in client.get("/account").get_data(as_text=True)


def test_the_code_can_be_typed_in_lower_case_without_dashes(client, invitation):
    _cohort, _course, code = invitation
    typed = code.replace("-", " ").lower()
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200


def test_an_invitation_used_by_as_many_as_it_allows_says_so(client, make, auth, invitation):
    cohort, _course, code = invitation
    for name in ("amal", "badr"):
        make.user(name)
        auth.login(name)
        client.post_form(f"/join/{code}")
        auth.logout()
    make.user("chaima")
    auth.login("chaima")
    response = client.post_form(f"/join/{code}")
    assert response.status_code == 410
    assert "used by as many people as it allows" in response.get_data(as_text=True)
    assert make.count(CohortParticipant, cohort_id=cohort.id) == 2


def test_an_expired_invitation_says_so_and_creates_no_account(client, make, app, invitation):
    _cohort, _course, code = invitation
    with app.app_context():
        found = db.session.get(Invitation, 1)
        found.expires_at -= timedelta(days=8)
        db.session.commit()
    assert client.get(f"/join/{code}").status_code == 410
    response = client.post_form(
        f"/join/{code}/register", {"username": "tiziri", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 410
    assert "This invitation has expired." in response.get_data(as_text=True)
    assert make.count(User, username="tiziri") == 0


def test_a_withdrawn_invitation_cannot_be_used(client, make, auth, invitation):
    cohort, _course, code = invitation
    auth.login("org")
    assert client.post_form(f"/cohorts/{cohort.id}/invitations/1/revoke").status_code == 302
    auth.logout()
    make.user("amal")
    auth.login("amal")
    response = client.post_form(f"/join/{code}")
    assert response.status_code == 410 and "withdrawn" in response.get_data(as_text=True)
    assert make.count(CohortParticipant) == 0


def test_an_unknown_code_is_404(client, invitation):
    assert client.get("/join/ABCD-EFGH-JKMN-PQRS").status_code == 404
    assert client.get("/join/short").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [({"invite-max_uses": "0"}, "from 1 to 10,000"), ({"invite-days": "365"}, "from 1 to 90")],
)
def test_invitation_form_errors_change_nothing(client, make, auth, data, message):
    organizer = make.user("org", roles=("organizer",))
    cohort = make.cohort(organizer)
    auth.login("org")
    form = {"invite-max_uses": "5", "invite-days": "7"} | data
    response = client.post_form(f"/cohorts/{cohort.id}/invitations", form)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert make.count(Invitation) == 0
