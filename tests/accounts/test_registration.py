"""Registering: a username and a password are enough; bad input saves nothing."""

from tamkeen.accounts.models import User

from ..factories import PASSWORD


def register(client, **fields):
    data = {"username": "amal", "password": PASSWORD, "confirm": PASSWORD}
    data.update(fields)
    return client.post_form("/register", data)


def test_trainee_registers_with_only_username_and_password(client, make):
    response = register(client)
    assert response.status_code == 200  # the page that shows the recovery codes, once
    assert make.count(User, username="amal") == 1
    # ...and is signed in straight away.
    assert "My learning" in client.get("/courses").get_data(as_text=True)


def test_new_account_is_a_trainee_with_a_hashed_password(app, client):
    register(client, display_name="Amal B.")
    with app.app_context():
        from tamkeen.accounts.services import find_user

        user = find_user("AMAL")
        assert user.roles == {"trainee"}
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert user.display_name == "Amal B."


def test_taken_username_is_refused_whatever_its_case(client, make):
    make.user("youssef")
    response = register(client, username="Youssef")
    assert response.status_code == 422
    assert "This username is taken" in response.get_data(as_text=True)
    assert make.count(User) == 1


def test_malformed_registration_shows_errors_beside_fields_and_saves_nothing(client, make):
    response = register(client, username="a b", password="short", confirm="other")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use only letters, digits, dots, dashes and underscores." in page
    assert "A password has 8 to 128 characters." in page
    assert "The two passwords are not the same." in page
    assert 'aria-invalid="true"' in page
    assert make.count(User) == 0


def test_no_form_asks_for_an_email_address_and_none_is_kept(app, client, make):
    """Recovery uses codes: an email address would be collected for nothing."""
    for url in ("/register", "/account"):
        if url == "/account":
            register(client, email="amal@example.org")  # a field that no longer exists
        page = client.get(url).get_data(as_text=True).casefold()
        assert 'type="email"' not in page and 'name="email"' not in page
    with app.app_context():
        assert "email" not in User.__table__.columns
    client.post_form("/account", {"display_name": "Amal", "email": "amal@example.org"})
    assert "amal@example.org" not in client.get("/account/data/export.json").get_data(as_text=True)


def test_errors_are_in_the_visitors_language(client, make):
    response = client.post_form(
        "/register", {"username": "", "password": ""}, headers={"Accept-Language": "fr"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose a username." not in page
    assert 'lang="fr"' in page
    assert make.count(User) == 0


def test_overlong_password_is_refused(client, make):
    response = register(client, password="x" * 129, confirm="x" * 129)
    assert response.status_code == 422
    assert make.count(User) == 0


def test_signed_in_person_visiting_register_goes_to_my_learning(client, make, auth):
    make.user("hind")
    auth.login("hind")
    response = client.get("/register")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/learning")
