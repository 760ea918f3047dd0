"""A welcome link opened again after use, or after it expired, says so and points to the
way in; the username appears only to its owner signed in on that device (a slip or a
message found later must not name an account)."""

from datetime import timedelta

from tamkeen.accounts import services as accounts
from tamkeen.accounts.models import PasswordLink
from tamkeen.accounts.retention import purge
from tamkeen.database import utcnow
from tamkeen.extensions import db

from ..conftest import PASSWORD


def welcome_link(app, username: str) -> str:
    with app.app_context():
        user = accounts.create_account_for(username, None)
        db.session.flush()
        token = accounts.create_password_link(user)
        db.session.commit()
    return f"/welcome/{token}"


def age_links(app, days: int) -> None:
    with app.app_context():
        for link in db.session.scalars(db.select(PasswordLink)):
            link.expires_at = utcnow() - timedelta(days=days)
        db.session.commit()


def test_a_used_link_names_the_account_only_to_its_owner_signed_in(app, client):
    link = welcome_link(app, "tiziri")
    client.post_form(link, {"password": PASSWORD, "confirm": PASSWORD})
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This link has been used" in page
    assert "you are signed in as \u2068tiziri\u2069" in page
    assert 'href="/my-learning"' in page or "My learning" in page
    client.post_form("/sign-out")
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 410 and "This link has been used" in page
    assert "tiziri" not in page
    assert 'href="/sign-in"' in page and 'href="/recover"' in page
    # Still used, and the password set with it still the one that signs in.
    assert client.post_form(link, {"password": "another-" + PASSWORD}).status_code == 410
    assert (
        client.post_form("/sign-in", {"username": "tiziri", "password": PASSWORD}).status_code
        == 302
    )


def test_a_used_link_in_arabic_says_so_in_arabic(app, client):
    link = welcome_link(app, "tiziri")
    client.post_form(link, {"password": PASSWORD, "confirm": PASSWORD})
    client.post_form("/sign-out")
    client.post_form("/language", {"locale": "ar"})
    page = client.get(link).get_data(as_text=True)
    assert "This link has been used" not in page
    assert "استُخدم هذا الرابط" in page


def test_an_expired_link_says_so_and_sets_nothing(app, client, make):
    link = welcome_link(app, "tiziri")
    age_links(app, 1)
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This link has expired" in page and "tiziri" not in page
    response = client.post_form(link, {"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 410
    assert (
        client.post_form("/sign-in", {"username": "tiziri", "password": PASSWORD}).status_code
        == 422
    )


def test_links_expired_a_month_ago_are_purged_and_then_unknown(app, client, make):
    link = welcome_link(app, "tiziri")
    age_links(app, 29)
    with app.app_context():
        assert purge().welcome_links_deleted == 0
        db.session.commit()
    assert client.get(link).status_code == 410
    age_links(app, 31)
    with app.app_context():
        assert purge().welcome_links_deleted == 1
        db.session.commit()
    assert client.get(link).status_code == 404
    assert client.get("/welcome/AAAA-BBBB-CCCC-DDDD").status_code == 404
