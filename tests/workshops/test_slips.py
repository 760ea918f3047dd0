"""Welcome slips: the one-time links of a roster, printed from the page that shows them once,
one cut-out slip per person with its QR code. The server keeps only the links' hashes, so
the page posts them back, and each is checked before anything is printed."""

import hashlib
import re
from datetime import timedelta

import pytest

from tamkeen.accounts.models import PasswordLink, User
from tamkeen.accounts.services import NO_PASSWORD
from tamkeen.cohorts.models import PersonalInvitation
from tamkeen.database import utcnow
from tamkeen.extensions import db

from ..cohorts.helpers import upload
from ..conftest import Auth, Factory
from ..pdftools import page_count, pdf_text, qr_codes, snapshot
from .helpers import room_client

ROSTER = b"username,name\ntiziri,Tiziri Amezzian\nyoussef,Youssef Alaoui\nsara\n"


def links_form(page: str) -> tuple[str, str]:
    action = re.search(r'<form method="post" action="([^"]*/people/slips)"', page).group(1)
    links = re.search(r'name="links" value="([^"]*)"', page).group(1)
    return action, links


@pytest.fixture
def roster(site):
    """An organizer's roster just uploaded: (client, cohort, slips URL, the posted links)."""
    make = Factory(site.app)
    organizer = make.user("org", roles=("trainee", "organizer"))
    cohort = make.cohort(organizer, courses=[make.course(language="fr")])
    client = room_client(site.app)
    Auth(client).login("org")
    page = upload(client, cohort, ROSTER).get_data(as_text=True)
    action, links = links_form(page)
    return client, cohort, action, links


def test_slips_print_each_new_account_with_its_link_and_qr_code(site, roster, tmp_path):
    client, _cohort, action, links = roster
    response = client.post_form(action, {"links": links})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="welcome-slips.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    path = tmp_path / "slips.pdf"
    path.write_bytes(response.get_data())
    assert page_count(path) == 1
    text = pdf_text(path)
    tokens = links.split()
    expected = sorted(f"{site.base}/welcome/{token}" for token in tokens)
    for name in ("Tiziri Amezzian", "Youssef Alaoui", "sara"):
        assert name in text
    for token in tokens:
        assert token in text  # the short code, to type if the camera fails
    squeezed = text.replace(" ", "").replace("-", "")  # the links wrap inside their slips
    for link in expected:
        assert link.replace("-", "") in squeezed
    assert sorted(qr_codes(snapshot(path, "welcome-slips-fr", dpi=150))) == expected
    assert "pour choisir votre mot de passe" in text  # the language of the cohort's course


def test_a_slip_link_lets_its_owner_choose_a_password_typed_from_paper(site, roster):
    client, _cohort, _action, links = roster
    token = links.split()[0]
    typed = token.lower().replace("-", " ").replace(" ", "")  # as someone types it, roughly
    owner = site.app.test_client()
    assert owner.get(f"/welcome/{typed}").status_code == 200
    assert owner.get(f"/welcome/{token}").status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda links: links.replace(links[-3:], "ZZZ"),  # one link changed
        lambda links: links + " ABCD-EFGH-JKMN-PQRS",  # one link added
        lambda links: "<script>",  # not links at all
        lambda links: "",  # nothing
        lambda links: " ".join([links.split()[0]] * 101),  # more than one PDF holds
    ],
)
def test_tampered_lists_print_nothing_and_change_nothing(site, roster, tamper):
    client, _cohort, action, links = roster
    make = Factory(site.app)
    before = make.count(PasswordLink), make.count(PersonalInvitation)
    response = client.post_form(action, {"links": tamper(links)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "These slips cannot be printed" in page
    assert "Nothing was printed and nothing has changed." in page
    assert (make.count(PasswordLink), make.count(PersonalInvitation)) == before
    # The genuine list still prints.
    assert client.post_form(action, {"links": links}).status_code == 200


def test_a_used_link_or_another_cohorts_link_is_refused(site, roster):
    client, cohort, action, links = roster
    make = Factory(site.app)
    first = links.split()[0]
    owner = site.app.test_client()
    password = "another long passphrase"
    owner.post_form(f"/welcome/{first}", {"password": password, "confirm": password})
    assert client.post_form(action, {"links": links}).status_code == 422
    # A link made for another cohort's roster cannot be printed from this one.
    other = make.cohort(make.user("org2", roles=("trainee", "organizer")), name="Other")
    other_links = links_form(
        upload(client_for(site, "org2"), other, b"karim\n").get_data(as_text=True)
    )[1]
    remaining = " ".join(links.split()[1:])
    assert client.post_form(action, {"links": remaining}).status_code == 200
    assert client.post_form(action, {"links": f"{remaining} {other_links}"}).status_code == 422
    assert cohort.id != other.id


def test_another_organizer_cannot_print_a_cohorts_slips(site, roster):
    _client, _cohort, action, links = roster
    Factory(site.app).user("org2", roles=("trainee", "organizer"))
    response = client_for(site, "org2").post_form(action, {"links": links})
    assert response.status_code == 404


def client_for(site, username: str):
    client = room_client(site.app)
    Auth(client).login(username)
    return client


def test_links_made_before_the_typeable_codes_still_work(site):
    """Links handed out before welcome codes were typeable were case-sensitive tokens."""
    make = Factory(site.app)
    user = make.user("nour")
    old = "aB3_x-Yz9QwErTy12345678abcdefGH"
    with site.app.app_context():
        # An account made by a list: no password until the link is used.
        db.session.get(User, user.id).password_hash = NO_PASSWORD
        db.session.add(
            PasswordLink(
                user_id=user.id,
                digest=hashlib.sha256(old.encode()).hexdigest(),
                expires_at=utcnow() + timedelta(days=1),
            )
        )
        db.session.commit()
    client = site.app.test_client()
    assert client.get(f"/welcome/{old}").status_code == 200
    assert client.get(f"/welcome/{old.upper()}").status_code == 404
