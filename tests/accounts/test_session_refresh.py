"""A session lasts its lifetime without activity, its cookie signed again at most once a
minute (issue 17: re-signing on every response cost each signed-in page a few per cent)."""

import time
from datetime import UTC, datetime

from itsdangerous import URLSafeTimedSerializer

from tamkeen.accounts.session import REFRESH_AFTER_SECONDS

NAME = "tamkeen_session"


def _signed_ago(app, cookie: str, seconds: int) -> str:
    """The same session, signed ``seconds`` ago with the app's key (as an old cookie is)."""
    interface = app.session_interface
    current = interface.get_signing_serializer(app)
    data = current.loads(cookie)

    class Then(current.signer):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    then = URLSafeTimedSerializer(
        app.secret_key,
        salt=interface.salt,
        serializer=interface.serializer,
        signer=Then,
        signer_kwargs={
            "key_derivation": interface.key_derivation,
            "digest_method": interface.digest_method,
        },
    )
    return then.dumps(data)


def _set_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{NAME}=")]


def test_the_cookie_is_signed_again_once_a_minute_and_refused_after_the_lifetime(
    app, client, make, auth
):
    make.user("nadia")
    auth.login("nadia")
    fresh = client.get_cookie(NAME).value
    response = client.get("/learning")
    assert response.status_code == 200
    assert _set_cookies(response) == []  # signed seconds ago: not again

    minute_old = _signed_ago(app, fresh, REFRESH_AFTER_SECONDS + 5)
    client.set_cookie(NAME, minute_old)
    response = client.get("/learning")
    assert response.status_code == 200
    (renewed,) = _set_cookies(response)
    assert "Expires=" in renewed and "HttpOnly" in renewed
    value = client.get_cookie(NAME).value
    _data, signed_at = app.session_interface.get_signing_serializer(app).loads(
        value, return_timestamp=True
    )
    assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 30  # a new time
    assert _set_cookies(client.get("/learning")) == []

    lifetime = int(app.permanent_session_lifetime.total_seconds())
    client.set_cookie(NAME, _signed_ago(app, fresh, lifetime - 30))
    assert client.get("/learning").status_code == 200  # idle just under the lifetime: kept
    client.set_cookie(NAME, _signed_ago(app, fresh, lifetime + 5))
    response = client.get("/learning")
    assert response.status_code == 302  # idle longer: signed out
    assert "/sign-in" in response.headers["Location"]


def test_a_changed_session_is_saved_at_once(client):
    client.get("/courses")  # a session (its CSRF token), signed a moment ago
    response = client.post_form("/language", {"locale": "fr", "next": "/courses"})
    assert response.status_code == 302
    assert _set_cookies(response)  # changed: signed again within the minute
    assert '<html lang="fr"' in client.get("/courses").get_data(as_text=True)
