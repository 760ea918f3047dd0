"""Sessions that really end: a copied cookie is refused after sign-out or a new password."""

from ..factories import PASSWORD


def session_cookie(client) -> str:
    return client.get_cookie("tamkeen_session").value


def replay(app, cookie: str):
    other = app.test_client()
    other.set_cookie("tamkeen_session", cookie)
    return other.get("/learning")


def test_signed_out_session_cookie_cannot_be_replayed(app, client, make, auth):
    make.user("nadia")
    auth.login("nadia")
    stolen = session_cookie(client)
    assert replay(app, stolen).status_code == 200  # the copy works while signed in
    auth.logout()
    assert replay(app, stolen).status_code == 302  # and not after signing out


def test_password_change_ends_every_other_session(app, client, make, auth):
    make.user("nadia")
    auth.login("nadia")
    other_device = session_cookie(client)
    response = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert replay(app, other_device).status_code == 302
    assert client.get("/learning").status_code == 200  # this device stays signed in


def test_wrong_current_password_changes_nothing(app, client, make, auth):
    make.user("nadia")
    auth.login("nadia")
    response = client.post_form(
        "/account/password",
        {
            "current_password": "not my password",
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 422
    assert "This is not your current password." in response.get_data(as_text=True)
    auth.logout()
    auth.login("nadia", PASSWORD)


def test_sign_out_needs_a_post_with_a_token(client, make, auth):
    make.user("nadia")
    auth.login("nadia")
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").status_code == 400
    assert client.get("/learning").status_code == 200


def test_session_cookie_is_httponly_and_samesite(client, make, auth):
    make.user("nadia")
    response = auth.login("nadia")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signed_in_pages_are_not_cached(client, make, auth):
    make.user("nadia")
    auth.login("nadia")
    assert client.get("/learning").headers["Cache-Control"] == "no-store"
