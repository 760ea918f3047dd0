"""Who sees what: organizers their own cohorts, administrators all, nobody else any.

Every cohort and report route is swept: another organizer's guess at a cohort's id, a
participant's page or an export gets 404 (the cohort's existence stays hidden); trainers
and trainees get 403; visitors are sent to sign in. A participant's own routes (answering
an invitation, leaving) are the person's, not the organizers': tests/cohorts/test_consent.py
and test_leaving.py sweep them.
"""

import pytest

from tamkeen import create_app
from tamkeen.audit import AuditEvent

from ..conftest import app_config

PARTICIPANTS_OWN = {
    "cohorts.my_invitation",
    "cohorts.accept_invitation",
    "cohorts.decline_invitation",
    "cohorts.leave",
}


def _cohort_routes():
    app = create_app(app_config("sqlite://", None))
    for rule in app.url_map.iter_rules():
        if "cohort_id" in rule.arguments and rule.endpoint not in PARTICIPANTS_OWN:
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, rule.endpoint, rule.rule


ROUTES = sorted(set(_cohort_routes()))


def _url(rule: str, small) -> str:
    return (
        rule.replace("<int:cohort_id>", str(small.cohort.id))
        .replace("<int:user_id>", str(small.amal.id))
        .replace("<int:course_id>", str(small.rights.id))
        .replace("<int:invitation_id>", "1")
        .replace("<int:certificate_id>", "1")
        .replace("<uuid:kit_uuid>", "8f0c7d1e-2a4b-4c6d-9e8f-0a1b2c3d4e5f")
        .replace("<int:import_id>", "1")
        .replace("<token>", "a" * 32)
    )


def _request(client, method, url):
    if method == "GET":
        return client.get(url)
    return client.post_form(url, {"csv": "1", "submit": "1"})


def test_every_cohort_route_is_swept():
    endpoints = {endpoint for _m, endpoint, _r in ROUTES}
    assert {"reports.dashboard", "reports.participants", "reports.participant"} <= endpoints
    assert {"reports.export", "cohorts.people", "cohorts.upload_roster"} <= endpoints
    assert len(ROUTES) >= 15


@pytest.fixture
def bare(make):
    """A cohort with one participant and one course, and its organizer: enough to knock at
    every door (the figures are tested elsewhere)."""
    organizer = make.user("org", roles=("trainee", "organizer"))
    amal = make.user("amal")
    rights = make.course(modules=1, lessons=1)
    cohort = make.cohort(organizer, participants=[amal], courses=[rights])
    return type("Bare", (), {"cohort": cohort, "amal": amal, "rights": rights})


def _statuses(client, small, routes) -> dict:
    return {f"{m} {r}": _request(client, m, _url(r, small)).status_code for m, _e, r in routes}


def test_another_organizer_gets_404_everywhere_and_changes_nothing(client, make, auth, bare):
    make.user("other", roles=("trainee", "organizer"))
    auth.login("other")
    events = make.count(AuditEvent)
    statuses = _statuses(client, bare, ROUTES)
    assert {url: code for url, code in statuses.items() if code != 404} == {}
    assert make.count(AuditEvent) == events


@pytest.mark.parametrize("roles", [("trainee",), ("trainee", "trainer")])
def test_trainers_and_trainees_get_403_everywhere(client, make, auth, bare, roles):
    make.user("someone", roles=roles)
    auth.login("someone")
    statuses = _statuses(client, bare, ROUTES)
    assert {url: code for url, code in statuses.items() if code != 403} == {}


def test_a_participant_sees_nothing_of_the_cohort_or_the_others(client, make, auth, bare):
    """Trainees never see each other: a participant gets 403 on the cohort's pages, her
    own participant page included, and her learning page names nobody else."""
    from tamkeen.cohorts import services as cohorts
    from tamkeen.extensions import db

    badr = make.user("badr", display_name="Badr Oubaha")
    with make.app.app_context():  # Badr is in the same cohort
        cohort = db.session.get(type(bare.cohort), bare.cohort.id)
        cohorts.add_participants(cohort, [db.session.merge(badr)], organization_id=None, by=None)
        db.session.commit()
    auth.login("amal")
    statuses = _statuses(client, bare, ROUTES)
    assert {url: code for url, code in statuses.items() if code != 403} == {}
    assert client.get(f"/cohorts/{bare.cohort.id}/participants/{badr.id}").status_code == 403
    response = client.get("/learning")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Oubaha" not in page


def test_visitors_are_sent_to_sign_in(client, bare):
    for method, _endpoint, rule in ROUTES:
        response = _request(client, method, _url(rule, bare))
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], rule


# A workshop kit's download and an import's summary need a kit, and a queued report's page
# a job, which this bare cohort has none of (tests/workshops/test_cohort_page.py and
# tests/test_jobs.py show them to the organizers they belong to).
NEEDS_A_KIT = {"workshops.download_kit", "workshops.workshop_import", "reports.progress_result"}
READ_ONLY = [(m, e, r) for m, e, r in ROUTES if m == "GET" and e not in NEEDS_A_KIT] + [
    ("POST", "reports.export", "/cohorts/<int:cohort_id>/reports/progress")
]


@pytest.mark.parametrize("who", ["org", "admin"])
def test_the_organizer_and_administrators_see_the_cohort(client, make, auth, bare, who):
    make.user("admin", roles=("trainee", "admin"))
    auth.login(who)
    statuses = _statuses(client, bare, READ_ONLY)
    assert {url: code for url, code in statuses.items() if code != 200} == {}


def test_guessed_ids_of_a_participant_or_a_cohort_are_404(client, make, auth, bare):
    auth.login("org")
    stranger = make.user("stranger")
    base = f"/cohorts/{bare.cohort.id}"
    assert client.get(f"{base}/participants/{stranger.id}").status_code == 404
    assert client.get(f"/cohorts/{bare.cohort.id + 99}").status_code == 404


def test_organizers_list_only_their_cohorts(client, make, auth, bare):
    other = make.user("other", roles=("organizer",))
    make.cohort(other, name="Autumn cohort")
    auth.login("org")
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Spring cohort" in page and "Autumn cohort" not in page
    make.user("admin", roles=("admin",))
    auth.logout()
    auth.login("admin")
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Spring cohort" in page and "Autumn cohort" in page
