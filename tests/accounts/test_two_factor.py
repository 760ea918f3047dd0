"""Two-step sign-in: staff set it up before they can use their role, and must use it."""

import html
import re
import time

import pyotp
from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.audit import AuditEvent
from tamkeen.extensions import db

from ..factories import PASSWORD, TOTP_SECRET

FAILED = "These sign-in details do not match an account."


def setup_page_secrets(page: str) -> tuple[str, str]:
    """The key shown to type into the app, and the signed copy the form sends back."""
    shown = re.search(r'<code dir="ltr">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    signed = re.search(r'name="secret"[^>]*value="([^"]+)"', page)
    return shown, html.unescape(signed.group(1))


def next_code(secret: str, steps_ahead: int = 1) -> str:
    """A code of a later time step: the app accepts one step of drift, and never the
    same step twice, so a test signing in twice in 30 seconds uses the next one."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def user_row(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


def test_trainer_sets_up_two_step_sign_in_before_teaching(app, client, make, auth):
    make.user("karim", roles=("trainer",), totp=False)
    response = auth.login("karim")
    assert "/account/two-factor" in response.headers["Location"]
    # The role waits: the teaching pages send them to the set-up page.
    response = client.get("/teach/")
    assert response.status_code == 302 and "/account/two-factor" in response.headers["Location"]

    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code, inline, no image from elsewhere
    secret, signed = setup_page_secrets(page)

    wrong = client.post_form("/account/two-factor", {"secret": signed, "code": "000000"})
    assert wrong.status_code == 422
    assert user_row(app, "karim").totp_enabled_at is None

    right = client.post_form(
        "/account/two-factor", {"secret": signed, "code": pyotp.TOTP(secret).now()}
    )
    assert right.status_code == 302
    assert user_row(app, "karim").has_two_factor
    assert client.get("/teach/").status_code == 200
    assert make.count(AuditEvent, action="account.two_factor_enabled") == 1


def test_a_secret_chosen_by_the_client_is_refused(app, client, make, auth):
    make.user("karim", roles=("trainer",), totp=False)
    auth.login("karim")
    mine = pyotp.random_base32(32)
    response = client.post_form(
        "/account/two-factor", {"secret": mine, "code": pyotp.TOTP(mine).now()}
    )
    assert response.status_code == 400
    assert user_row(app, "karim").totp_enabled_at is None


def test_staff_sign_in_needs_the_code_and_a_wrong_one_reads_like_a_wrong_password(
    app, client, make
):
    make.user("karim", roles=("trainer",))
    wrong_password = client.post_form("/sign-in", {"username": "karim", "password": "nope nope"})
    assert FAILED in wrong_password.get_data(as_text=True)

    first = client.post_form("/sign-in", {"username": "karim", "password": PASSWORD})
    assert first.headers["Location"].endswith("/sign-in/code")
    # Between the steps nobody is signed in.
    assert client.get("/teach/").status_code == 302
    assert "/sign-in" in client.get("/teach/").headers["Location"]

    wrong_code = client.post_form("/sign-in/code", {"code": "123456"})
    assert wrong_code.status_code == 422
    assert FAILED in wrong_code.get_data(as_text=True)
    assert client.get("/teach/").status_code == 302

    code = next_code(TOTP_SECRET, 0)
    assert client.post_form("/sign-in/code", {"code": code}).status_code == 302
    assert client.get("/teach/").status_code == 200
    assert user_row(app, "karim").last_sign_in_on is not None


def test_the_same_code_cannot_be_used_twice(client, make, auth):
    make.user("karim", roles=("trainer",))
    code = pyotp.TOTP(TOTP_SECRET).now()
    client.post_form("/sign-in", {"username": "karim", "password": PASSWORD})
    assert client.post_form("/sign-in/code", {"code": code}).status_code == 302
    auth.logout()
    client.post_form("/sign-in", {"username": "karim", "password": PASSWORD})
    replayed = client.post_form("/sign-in/code", {"code": code})
    assert replayed.status_code == 422
    assert client.get("/teach/").status_code == 302


def test_code_page_without_a_password_step_goes_back_to_sign_in(client, make):
    make.user("karim", roles=("trainer",))
    response = client.post_form("/sign-in/code", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")
    assert client.get("/teach/").status_code == 302


def test_turning_two_step_sign_in_off_suspends_the_staff_role(app, client, make, auth):
    make.user("karim", roles=("trainer",))
    auth.login("karim")
    assert client.post_form("/account/two-factor/off").status_code == 302
    assert not user_row(app, "karim").has_two_factor
    assert client.get("/teach/").status_code == 302
    assert make.count(AuditEvent, action="account.two_factor_disabled") == 1


def test_changing_two_step_sign_in_needs_the_password_again_after_a_while(app, client, make, auth):
    make.user("karim", roles=("trainer",))
    auth.login("karim")
    with client.session_transaction() as session:
        session["authenticated_at"] = int(time.time()) - 3600
    response = client.post_form("/account/two-factor/off")
    assert response.status_code == 302 and "/account/confirm" in response.headers["Location"]
    assert user_row(app, "karim").has_two_factor  # nothing changed

    wrong = client.post_form("/account/confirm", {"password": "not it at all"})
    assert wrong.status_code == 422
    assert client.post_form("/account/confirm", {"password": PASSWORD}).status_code == 302
    assert client.post_form("/account/two-factor/off").status_code == 302
    assert not user_row(app, "karim").has_two_factor


def test_trainee_may_turn_two_step_sign_in_on(app, client, auth, signed_in_trainee):
    secret, signed = setup_page_secrets(client.get("/account/two-factor").get_data(as_text=True))
    client.post_form("/account/two-factor", {"secret": signed, "code": pyotp.TOTP(secret).now()})
    auth.logout()
    response = client.post_form("/sign-in", {"username": "amal", "password": PASSWORD})
    assert response.headers["Location"].endswith("/sign-in/code")
    assert client.post_form("/sign-in/code", {"code": next_code(secret)}).status_code == 302
    assert client.get("/learning").status_code == 200
