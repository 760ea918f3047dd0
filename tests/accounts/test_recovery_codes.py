"""Recovery codes: a forgotten password or a lost phone, without email."""

import html
import re
from urllib.parse import unquote

from sqlalchemy import select

from tamkeen.accounts.models import RecoveryCode, User
from tamkeen.accounts.twofactor import new_recovery_codes
from tamkeen.extensions import db

from ..factories import PASSWORD

NEW_PASSWORD = "a completely different one"
CODE = re.compile(r"<code>([2-9A-Z]{4}(?:-[2-9A-Z]{4}){3})</code>")


def codes_for(app, username: str) -> list[str]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        codes = new_recovery_codes(user)
        db.session.commit()
        return codes


def recover(client, code: str, username: str = "amal", password: str = NEW_PASSWORD):
    return client.post_form(
        "/recover",
        {"username": username, "code": code, "password": password, "confirm": password},
    )


def sign_in(client, password: str, username: str = "amal"):
    return client.post_form("/sign-in", {"username": username, "password": password})


def test_registration_shows_ten_codes_once_and_keeps_only_their_hashes(app, client):
    response = client.post_form(
        "/register", {"username": "amal", "password": PASSWORD, "confirm": PASSWORD}
    )
    codes = CODE.findall(response.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    with app.app_context():
        digests = set(db.session.scalars(select(RecoveryCode.digest)))
    assert len(digests) == 10
    assert not any(code.replace("-", "") in digest for code in codes for digest in digests)
    # Never shown again.
    assert CODE.findall(client.get("/account").get_data(as_text=True)) == []
    assert "10 recovery codes left." in client.get("/account").get_data(as_text=True)


def test_forgotten_password_is_replaced_with_a_recovery_code_once(app, client, make):
    make.user("amal")
    code = codes_for(app, "amal")[3]
    response = recover(client, code.lower().replace("-", " "))  # as people type it
    assert response.status_code == 302
    assert sign_in(client, PASSWORD).status_code == 422
    assert sign_in(client, NEW_PASSWORD).status_code == 302
    client.post_form("/sign-out")

    again = recover(client, code, password="yet another passphrase")
    assert again.status_code == 422
    assert "This username and recovery code do not match." in again.get_data(as_text=True)
    assert sign_in(client, NEW_PASSWORD).status_code == 302  # the password did not change


def test_recovery_refuses_a_wrong_code_another_persons_code_and_a_common_password(
    app, client, make
):
    make.user("amal")
    make.user("badr")
    badr_code = codes_for(app, "badr")[0]
    amal_code = codes_for(app, "amal")[0]
    assert recover(client, "2345-6789-ABCD-EFGH").status_code == 422
    assert recover(client, badr_code).status_code == 422
    assert recover(client, amal_code, password="password1").status_code == 422
    assert recover(client, amal_code, username="nobody").status_code == 422
    assert sign_in(client, PASSWORD).status_code == 302  # nothing changed
    with app.app_context():
        assert (
            db.session.scalar(select(RecoveryCode.id).where(RecoveryCode.used_at.is_not(None)))
            is None
        )


def test_recovery_signs_out_every_device(app, client, make, auth):
    make.user("amal")
    code = codes_for(app, "amal")[0]
    auth.login("amal")
    cookie = client.get_cookie("tamkeen_session").value
    stranger = app.test_client()
    assert recover(stranger, code).status_code == 302
    other = app.test_client()
    other.set_cookie("tamkeen_session", cookie)
    assert other.get("/learning").status_code == 302


def test_lost_phone_a_recovery_code_stands_in_for_the_app_once(app, client, make, auth):
    make.user("karim", roles=("trainer",))
    code = codes_for(app, "karim")[0]
    sign_in(client, PASSWORD, "karim")
    assert client.post_form("/sign-in/code", {"code": code}).status_code == 302
    assert client.get("/teach/").status_code == 200
    assert "9 recovery codes left." in client.get("/account").get_data(as_text=True)
    auth.logout()

    sign_in(client, PASSWORD, "karim")
    assert client.post_form("/sign-in/code", {"code": code}).status_code == 422
    assert client.get("/teach/").status_code == 302


def test_new_codes_replace_the_old_ones(app, client, make, auth):
    make.user("amal")
    old = codes_for(app, "amal")[0]
    auth.login("amal")
    response = client.post_form("/account/recovery-codes")
    fresh = CODE.findall(response.get_data(as_text=True))
    assert len(fresh) == 10
    auth.logout()
    assert recover(client, old).status_code == 422
    assert recover(client, fresh[0]).status_code == 302


def test_common_password_is_refused_at_registration(client, make):
    response = client.post_form(
        "/register", {"username": "amal", "password": "iloveyou1", "confirm": "iloveyou1"}
    )
    assert response.status_code == 422
    assert "one of the most common" in response.get_data(as_text=True)
    assert make.count(User) == 0


def test_the_codes_page_offers_them_as_a_text_file_from_the_same_response(client):
    response = client.post_form(
        "/register", {"username": "amal", "password": PASSWORD, "confirm": PASSWORD}
    )
    page = response.get_data(as_text=True)
    codes = CODE.findall(page)
    link = re.search(r'href="data:text/plain;charset=utf-8,([^"]+)" download="([^"]+)"', page)
    assert link is not None and link.group(2) == "tamkeen-recovery-codes.txt"
    text = unquote(html.unescape(link.group(1)))
    assert text.splitlines()[0] == "Tamkeen: recovery codes for amal"
    assert text.splitlines()[3:] == codes
    assert "data-print hidden" in page  # shown by print.js; without JavaScript, a hint
