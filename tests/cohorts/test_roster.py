"""A CSV list of participants: checked whole, every bad row named, nothing written on error;
new usernames become accounts whose owners choose a password through a one-time link."""

import io
import re

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tamkeen.accounts.models import PasswordLink, RecoveryCode, User
from tamkeen.cohorts.models import CohortParticipant
from tamkeen.learning.models import Enrolment

from ..conftest import PASSWORD


@pytest.fixture
def cohort(make, auth):
    organizer = make.user("org", roles=("trainee", "organizer"))
    cohort = make.cohort(organizer, courses=[make.course()])
    auth.login("org")
    return cohort


def upload(client, cohort, content: bytes, filename: str = "people.csv"):
    """Post a list; encoded in memory, as the test client's spooling leaks a temp file."""
    boundary, body = encode_multipart(
        {
            "csrf_token": client.csrf_token(),
            "roster-file": FileStorage(io.BytesIO(content), filename),
        }
    )
    return client.post(
        f"/cohorts/{cohort.id}/roster",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_list_with_bad_rows_names_each_and_adds_nobody(client, make, cohort):
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
    assert "the file has 4 problem(s)" in page
    assert "Line 3: x is not a valid username" in page
    assert "Line 5: Amal is already on line 2." in page
    assert "Line 6: The display name has more than 80 characters." in page
    assert "Line 7: A row has at most two cells" in page
    assert make.count(CohortParticipant) == 0 and make.count(User, username="tiziri") == 0


def test_a_good_list_adds_existing_accounts_and_creates_the_others(client, make, cohort):
    make.user("amal", display_name="Amal T.")
    content = "\ufeffamal;Someone else\nTiziri;Tiziri Amezzian\n".encode()  # BOM, semicolons
    response = upload(client, cohort, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 added to the cohort, 0 already in it." not in page
    assert "2 added to the cohort, 0 already in it." in page
    assert make.count(CohortParticipant) == 2 and make.count(Enrolment) == 2
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
    assert client.get(link).status_code == 404
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
