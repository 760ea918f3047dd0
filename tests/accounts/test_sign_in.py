"""Signing in and out, safe redirects, one message for every failure, rate limits."""

import pytest

from ..factories import PASSWORD

FAILED = "These sign-in details do not match an account."


def test_person_signs_in_and_lands_on_my_learning(client, make):
    make.user("salma")
    response = client.post_form("/sign-in", {"username": "salma", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/learning")
    assert client.get("/learning").status_code == 200


def test_username_is_case_insensitive(client, make):
    make.user("salma")
    response = client.post_form("/sign-in", {"username": "  SALMA ", "password": PASSWORD})
    assert response.status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_message(client, make):
    make.user("salma")
    wrong_password = client.post_form(
        "/sign-in", {"username": "salma", "password": "nope nope nope"}
    )
    unknown_user = client.post_form("/sign-in", {"username": "nobody", "password": PASSWORD})
    for response in (wrong_password, unknown_user):
        assert response.status_code == 422
        assert FAILED in response.get_data(as_text=True)
    assert client.get("/learning").status_code == 302  # still signed out


def test_disabled_account_cannot_sign_in(app, client, make):
    user = make.user("karim")
    with app.app_context():
        from tamkeen.accounts import services
        from tamkeen.extensions import db

        person = db.session.merge(user)
        services.set_disabled(person, True, by=person)
        db.session.commit()
    response = client.post_form("/sign-in", {"username": "karim", "password": PASSWORD})
    assert FAILED in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["/courses", "/courses?language=ar"])
def test_sign_in_returns_to_a_local_next_page(client, make, target):
    make.user("salma")
    response = client.post_form(
        "/sign-in", {"username": "salma", "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/courses\r\nSet-Cookie: x=1",
    ],
)
def test_sign_in_never_redirects_off_site(client, make, target):
    make.user("salma")
    response = client.post_form(
        "/sign-in", {"username": "salma", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/learning"


def test_sign_in_form_keeps_next_from_the_query_string(client):
    page = client.get("/sign-in?next=/courses/3").get_data(as_text=True)
    assert 'value="/courses/3"' in page


def test_pages_that_need_an_account_send_to_sign_in(client):
    response = client.get("/learning")
    assert response.status_code == 302
    assert "/sign-in?next=" in response.headers["Location"]


def test_sign_in_is_rate_limited(app, client, make):
    app.config["RATELIMIT_ENABLED"] = True
    from tamkeen.extensions import limiter

    limiter.init_app(app)
    make.user("salma")
    statuses = [
        client.post_form("/sign-in", {"username": "salma", "password": "wrong guess"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    page = client.post_form("/sign-in", {"username": "salma", "password": PASSWORD})
    assert page.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)
