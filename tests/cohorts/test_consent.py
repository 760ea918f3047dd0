"""Nobody is put in a cohort without saying yes.

An organizer's list or "invite someone" form only *invites* an existing account: its owner
reads a notice, sees what the organizers would see, and accepts or declines. Until then the
organizer sees "invited, not yet accepted" and nothing else: no name, no progress, no
certificate. A list may create new accounts; their welcome link says which cohort invites
them and what its organizers would see.
"""

import re

import pytest

from tamkeen.audit import AuditEvent
from tamkeen.certificates.codes import format_code
from tamkeen.cohorts.models import CohortParticipant, PersonalInvitation
from tamkeen.learning.models import Enrolment

from ..conftest import PASSWORD
from ..factories import without_csrf_tokens
from .helpers import upload

NAME = "Amal Tazi"


@pytest.fixture
def world(make, auth):
    """Organizer "org" (shown as Nadia Org) runs the Spring cohort (course: Rights online).
    Amal already has an account, progress in Rights online and a certificate in it."""
    organizer = make.user("org", roles=("trainee", "organizer"), display_name="Nadia Org")
    rights = make.course("Rights online", modules=1, lessons=2)
    cohort = make.cohort(organizer, courses=[rights], organization=make.organization())
    amal = make.user("amal", display_name=NAME)
    make.enrol(amal, rights)
    for lesson in rights.modules[0].lessons:
        make.complete(amal, lesson)  # completing issues her own certificate
    auth.login("org")
    return cohort, rights, amal


def certificate_code(make, amal):
    from tamkeen.certificates.models import Certificate

    with make.app.app_context():
        from tamkeen.extensions import db

        return db.session.scalar(db.select(Certificate.code).filter_by(user_id=amal.id))


def organizer_pages(client, cohort, amal) -> dict[str, str]:
    """Every organizer page and export that could show a participant, as text."""
    pages = {
        "dashboard": client.get(f"/cohorts/{cohort.id}"),
        "table": client.get(f"/cohorts/{cohort.id}/participants"),
        "people": client.get(f"/cohorts/{cohort.id}/people"),
        "audit": client.get(f"/cohorts/{cohort.id}/audit"),
        "csv": client.post_form(f"/cohorts/{cohort.id}/reports/progress", {"csv": "CSV"}),
        "certificates": client.get("/certificates/manage"),
    }
    assert all(response.status_code == 200 for response in pages.values()), pages
    texts = {name: response.get_data(as_text=True) for name, response in pages.items()}
    texts["participant page"] = str(
        client.get(f"/cohorts/{cohort.id}/participants/{amal.id}").status_code
    )
    return texts


def test_an_existing_account_on_a_list_is_only_invited(client, make, world):
    cohort, _rights, amal = world
    response = upload(client, cohort, b"amal\n")
    assert "1 invited, 0 already in the cohort or invited." in response.get_data(as_text=True)
    assert make.count(CohortParticipant) == 0 and make.count(PersonalInvitation) == 1
    pages = organizer_pages(client, cohort, amal)
    assert pages["participant page"] == "404"
    code = format_code(certificate_code(make, amal))
    for name, text in pages.items():
        assert NAME not in text, name
        assert code not in text, name
    # The people page says she was invited, by her username, and nothing else.
    invited = pages["people"].split('id="invited"')[1].split("</table>")[0]
    assert "amal" in invited and "Withdraw the invitation to <bdi>amal</bdi>" in invited
    # The certificates page gives the same answer as for a username nobody has.
    answers = [
        without_csrf_tokens(
            client.post_form(
                "/certificates/manage/issue", {"issue-username": who, "issue-course": "1"}
            ).get_data(as_text=True)
        )
        for who in ("amal", "nobody-has-this")
    ]
    assert answers[0].replace("amal", "") == answers[1].replace("nobody-has-this", "")


def test_she_reads_the_notice_sees_what_they_would_see_and_accepts(client, make, auth, world):
    cohort, rights, amal = world
    upload(client, cohort, b"amal\n")
    auth.logout()
    auth.login("amal")
    # Her certificate's notice, and the invitation's.
    assert "Notices (2)" in client.get("/learning").get_data(as_text=True)
    notices = client.get("/notices").get_data(as_text=True)
    assert "You are invited to join the cohort Spring cohort." in notices
    assert f'action="/learning/cohorts/{cohort.id}/invitation/accept"' in notices
    page = client.get(f"/learning/cohorts/{cohort.id}/invitation").get_data(as_text=True)
    assert "What its organizers will see of you if you join" in page
    assert "Rights online" in page and "Nadia Org" in page
    assert "courses only: lessons done" in page

    response = client.post_form(f"/learning/cohorts/{cohort.id}/invitation/accept")
    assert response.status_code == 302
    assert make.count(CohortParticipant, user_id=amal.id) == 1
    assert make.count(PersonalInvitation) == 0
    assert make.count(AuditEvent, action="cohort.invitation_accepted") == 1
    learning = client.get("/learning").get_data(as_text=True)
    assert "Notices (1)" in learning  # answering the invitation answers its notice
    assert "My cohorts" in learning and "Leave <bdi>Spring cohort</bdi>" in learning
    assert client.get(f"/learning/cohorts/{cohort.id}/invitation").status_code == 404

    auth.logout()
    auth.login("org")
    table = client.get(f"/cohorts/{cohort.id}/participants").get_data(as_text=True)
    assert NAME in table
    assert make.count(Enrolment, user_id=amal.id, course_id=rights.id) == 1


def test_she_declines_and_the_organizer_sees_only_that_the_invitation_is_gone(
    client, make, auth, world
):
    cohort, _rights, amal = world
    upload(client, cohort, b"amal\n")
    auth.logout()
    auth.login("amal")
    assert client.post_form(f"/learning/cohorts/{cohort.id}/invitation/decline").status_code == 302
    assert make.count(PersonalInvitation) == 0 and make.count(CohortParticipant) == 0
    notices = client.get("/notices").get_data(as_text=True)
    assert "Answered or withdrawn." in notices and "/invitation/accept" not in notices
    auth.logout()
    auth.login("org")
    pages = organizer_pages(client, cohort, amal)
    assert "Nobody is waiting to answer." in pages["people"]
    assert "declined the invitation to the cohort" in pages["audit"]
    assert "a participant" in pages["audit"] and "amal" not in pages["audit"].split("<table")[1]


def test_the_organizer_withdraws_an_invitation(client, make, auth, world):
    cohort, _rights, amal = world
    upload(client, cohort, b"amal\n")
    url = f"/cohorts/{cohort.id}/invited/{amal.id}/withdraw"
    assert client.post(url).status_code == 400  # no CSRF token: nothing happens
    assert make.count(PersonalInvitation) == 1
    assert client.post_form(url).status_code == 302
    assert make.count(PersonalInvitation) == 0
    assert client.post_form(url).status_code == 404
    auth.logout()
    auth.login("amal")
    assert client.get(f"/learning/cohorts/{cohort.id}/invitation").status_code == 404
    assert client.post_form(f"/learning/cohorts/{cohort.id}/invitation/accept").status_code == 404
    assert make.count(CohortParticipant) == 0


def test_nobody_else_sees_or_answers_her_invitation(client, make, auth, world):
    cohort, _rights, amal = world
    upload(client, cohort, b"amal\n")
    make.user("badr")
    for person in ("badr", "org"):
        auth.logout()
        auth.login(person)
        base = f"/learning/cohorts/{cohort.id}/invitation"
        assert client.get(base).status_code == 404
        assert client.post_form(base + "/accept").status_code == 404
        assert client.post_form(base + "/decline").status_code == 404
    assert make.count(PersonalInvitation, user_id=amal.id) == 1
    assert make.count(CohortParticipant) == 0


def test_inviting_one_person_by_username_follows_the_list_rules(client, make, world):
    cohort, _rights, amal = world
    url = f"/cohorts/{cohort.id}/people/invite"
    response = client.post_form(url, {"person-username": "Amal"})
    assert response.status_code == 200 and make.count(PersonalInvitation, user_id=amal.id) == 1
    bad = client.post_form(url, {"person-username": "x"})
    assert bad.status_code == 422 and "is not a valid username" in bad.get_data(as_text=True)
    new = client.post_form(url, {"person-username": "tiziri"}).get_data(as_text=True)
    assert re.search(r"http://localhost/welcome/[\w-]+", new)  # an account made, its link
    assert make.count(PersonalInvitation) == 2 and make.count(CohortParticipant) == 0


def test_a_new_account_from_a_list_is_told_who_invites_it_and_answers_later(
    client, make, auth, world
):
    cohort, _rights, _amal = world
    page = upload(client, cohort, b"tiziri\n").get_data(as_text=True)
    link = re.search(r"http://localhost(/welcome/[\w-]+)", page).group(1)
    auth.logout()
    welcome = client.get(link).get_data(as_text=True)
    assert "You are invited to a training programme" in welcome
    assert "Spring cohort" in welcome and "Rights online" in welcome
    assert "What its organizers will see of you if you join" in welcome
    assert client.post_form(link, {"password": PASSWORD, "confirm": PASSWORD}).status_code == 200
    # Choosing a password is not joining: she answers the invitation from My learning.
    assert make.count(CohortParticipant) == 0
    learning = client.get("/learning").get_data(as_text=True)
    assert "Invitations waiting for your answer" in learning
    assert client.post_form(f"/learning/cohorts/{cohort.id}/invitation/accept").status_code == 302
    assert make.count(CohortParticipant) == 1


def test_the_join_page_says_what_organizers_will_see_before_joining(client, make, auth, world):
    cohort, _rights, amal = world
    upload(client, cohort, b"amal\n")
    made = client.post_form(
        f"/cohorts/{cohort.id}/invitations", {"invite-max_uses": "5", "invite-days": "7"}
    ).get_data(as_text=True)
    code = re.search(r"<code>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})</code>", made).group(1)
    auth.logout()
    for who in (None, "amal"):
        if who:
            auth.login(who)
        page = client.get(f"/join/{code}").get_data(as_text=True)
        assert "What its organizers will see of you if you join" in page
        assert "Rights online" in page and "Nadia Org" in page
    # Using the link herself is saying yes: her waiting invitation is answered by it.
    assert client.post_form(f"/join/{code}").status_code == 302
    assert make.count(CohortParticipant, user_id=amal.id) == 1
    assert make.count(PersonalInvitation) == 0
    assert "Notices (1)" in client.get("/learning").get_data(as_text=True)  # the certificate's
