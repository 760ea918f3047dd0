"""An organizer finds a participant by name or username, and the organization they chose
on a cohort's pages is kept for that cohort until they choose another (or all)."""

import re

from tamkeen.cohorts.models import Organization
from tamkeen.extensions import db


def names_listed(client, url: str) -> list[str]:
    page = client.get(url).get_data(as_text=True)
    return re.findall(r'<span class="meta">([a-z0-9_.-]+)</span></th>', page)


def test_organizer_finds_a_participant_by_name_or_username(client, auth, small):
    auth.login("org")
    url = f"/cohorts/{small.cohort.id}/participants"
    assert sorted(names_listed(client, url)) == ["amal", "badr", "chaima"]
    assert names_listed(client, f"{url}?q=TAZI") == ["amal"]  # part of a name, any case
    assert names_listed(client, f"{url}?q=chai") == ["chaima"]  # part of a username
    assert names_listed(client, f"{url}?q=%2B") == ["badr"]  # "+Badr Oubaha"
    assert names_listed(client, f"{url}?q=%25") == []  # a wildcard is only a character
    page = client.get(f"{url}?q=nobody").get_data(as_text=True)
    assert "Nobody matches these filters." in page and "0 participants." in page
    assert 'value="nobody"' in page  # the box keeps what was typed


def test_a_search_too_long_says_so_and_lists_everyone(client, auth, small):
    auth.login("org")
    response = client.get(f"/cohorts/{small.cohort.id}/participants?q={'a' * 101}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Field cannot be longer than 100 characters." in page
    assert sorted(re.findall(r'<span class="meta">([a-z]+)</span></th>', page)) == [
        "amal",
        "badr",
        "chaima",
    ]


def test_the_organization_filter_remembers_itself_per_cohort(client, auth, make, small):
    auth.login("org")
    other = make.cohort(
        make.user("org2", roles=("organizer",)), participants=[small.amal], name="Autumn"
    )
    make.user("root", roles=("admin",))
    url = f"/cohorts/{small.cohort.id}/participants"
    assert names_listed(client, f"{url}?organization={small.tanmia.id}") == ["chaima"]
    assert names_listed(client, url) == ["chaima"]  # back later: still Tanmia
    dashboard = client.get(f"/cohorts/{small.cohort.id}").get_data(as_text=True)
    assert f'<option selected value="{small.tanmia.id}">' in dashboard

    auth.logout()
    auth.login("root")  # another cohort (and another person's session) is not filtered
    assert names_listed(client, f"/cohorts/{other.id}/participants") == ["amal"]
    auth.logout()
    auth.login("org")
    assert sorted(names_listed(client, url)) == ["amal", "badr", "chaima"]  # signed out: gone

    client.get(f"{url}?organization={small.amal_org.id}")
    assert sorted(names_listed(client, url)) == ["amal", "badr"]
    assert sorted(names_listed(client, f"{url}?organization=")) == ["amal", "badr", "chaima"]
    assert sorted(names_listed(client, url)) == ["amal", "badr", "chaima"]  # "all" forgets


def test_a_remembered_organization_deleted_since_is_forgotten(app, client, auth, small):
    auth.login("org")
    url = f"/cohorts/{small.cohort.id}/participants"
    client.get(f"{url}?organization={small.tanmia.id}")
    with app.app_context():
        db.session.delete(db.session.get(Organization, small.tanmia.id))
        db.session.commit()
    response = client.get(url)
    assert response.status_code == 200  # no error for a choice the person did not make now
    assert sorted(names_listed(client, url)) == ["amal", "badr", "chaima"]
