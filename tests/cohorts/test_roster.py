"""A CSV list of people to invite: checked whole, every bad row named, nothing written on
error; new usernames become accounts whose owners choose a password through a one-time link;
nobody on the list is in the cohort before they accept (tests/cohorts/test_consent.py)."""

import re

import pytest

from tamkeen.accounts.models import PasswordLink, RecoveryCode, User
from tamkeen.cohorts.models import CohortParticipant, PersonalInvitation
from tamkeen.learning.models import Enrolment

from ..conftest import PASSWORD
from .helpers import upload


@pytest.fixture
def cohort(make, auth):
    organizer = make.user("org", roles=("trainee", "organizer"))
    cohort = make.cohort(organizer, courses=[make.course()])
    auth.login("org")
    return cohort


def test_a_list_with_bad_rows_names_each_and_invites_nobody(client, make, cohort):
    make.user("amal")
    content = (
        "username,display name\n"
        "amal,Amal\n"
        "x,Too short\n"
        "tiziri,Tiziri Amezzian\n"
        "Amal,Again\n"
        "good.one," + "n" * 81 + "\n"
        "a,b,c\n"
    ).encode()
    response = upload(client, cohort, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "the file has 4 problems" in page
    assert "Line 3: x is not a valid username" in page
    assert "Line 5: Amal is already on line 2." in page
    assert "Line 6: The display name has more than 80 characters." in page
    assert "Line 7: A row has at most two cells" in page
    assert make.count(CohortParticipant) == 0 and make.count(User, username="tiziri") == 0
    assert make.count(PersonalInvitation) == 0


def test_a_good_list_invites_existing_accounts_and_creates_the_others(client, make, cohort):
    make.user("amal", display_name="Amal T.")
    content = "\ufeffamal;Someone else\nTiziri;Tiziri Amezzian\n".encode()  # BOM, semicolons
    response = upload(client, cohort, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 invited, 0 already in the cohort or invited." in page
    # Nobody joins by being on a list: each of them answers the invitation.
    assert make.count(CohortParticipant) == 0 and make.count(Enrolment) == 0
    assert make.count(PersonalInvitation) == 2
    again = upload(client, cohort, content)
    assert "0 invited, 2 already in the cohort or invited." in again.get_data(as_text=True)
    with make.app.app_context():
        from tamkeen.extensions import db

        amal = db.session.scalar(db.select(User).where(User.username == "amal"))
        assert amal.display_name == "Amal T."  # their own choice is kept
    link = re.search(r"http://localhost(/welcome/[\w-]+)", page).group(1)
    assert make.count(PasswordLink) == 1
    # Shown once: the people page does not show it again.
    assert link not in client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    # The link lets Tiziri choose a password, once; then she signs in with it.
    client.post_form("/sign-out")
    assert client.get(link).status_code == 200
    response = client.post_form(link, {"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 200  # the recovery codes, shown once
    assert make.count(RecoveryCode) == 10
    assert client.get(link).status_code == 410  # "this link has been used"
    client.post_form("/sign-out")
    assert (
        client.post_form("/sign-in", {"username": "tiziri", "password": PASSWORD}).status_code
        == 302
    )


def test_a_created_account_cannot_sign_in_before_choosing_a_password(client, make, cohort):
    upload(client, cohort, b"tiziri\n")
    client.post_form("/sign-out")
    for password in ("", "!no-password-yet", PASSWORD):
        response = client.post_form("/sign-in", {"username": "tiziri", "password": password})
        assert response.status_code == 422


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"\xff\xfeamal", "people.csv", "not UTF-8 text"),
        (b"amal\x00", "people.csv", "not UTF-8 text"),
        (b"amal\n", "people.xlsx", "Choose a .csv or .txt file."),
        # A spreadsheet saved as .xlsx and renamed .csv: a zip, not text.
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U", "people.csv", "not UTF-8"),
        (b"a" * (2 * 1024 * 1024 + 1), "people.csv", "larger than 2 MB"),
        (b"\n\n", "people.csv", "The file lists nobody."),
    ],
)
def test_bad_files_are_refused_and_change_nothing(client, make, cohort, content, filename, message):
    response = upload(client, cohort, content, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert make.count(CohortParticipant) == 0 and make.count(User) == 1
