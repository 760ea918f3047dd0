"""Administrators disable an account (a compromised one, a person who asks for a pause)
and enable it again; the person is signed out at once and cannot sign in meanwhile."""

from tamkeen.accounts.models import User
from tamkeen.audit import AuditEvent

from ..conftest import PASSWORD


def access(client, person_id: int, disable: str):
    return client.post_form(f"/admin/users/{person_id}/access", {"disable": disable})


def test_a_disabled_account_is_signed_out_and_cannot_sign_in_until_enabled(app, client, make, auth):
    amal = make.user("amal")
    other = app.test_client()
    assert (
        other.post_form("/sign-in", {"username": "amal", "password": PASSWORD}).status_code == 302
    )
    assert other.get("/account").status_code == 200
    make.user("root", roles=("admin",))
    auth.login("root")
    page = client.get(f"/admin/users/{amal.id}").get_data(as_text=True)
    assert "Disable the account" in page
    response = access(client, amal.id, "yes")
    assert response.status_code == 302
    assert "amal can no longer sign in." in client.get(response.location).get_data(as_text=True)
    assert other.get("/account").status_code == 302  # her session ended at once
    refused = other.post_form("/sign-in", {"username": "amal", "password": PASSWORD})
    assert refused.status_code == 422
    access(client, amal.id, "yes")  # a second click changes nothing
    access(client, amal.id, "no")
    assert (
        other.post_form("/sign-in", {"username": "amal", "password": PASSWORD}).status_code == 302
    )
    assert make.count(AuditEvent, action="account.disabled") == 1
    assert make.count(AuditEvent, action="account.enabled") == 1


def test_an_administrator_cannot_disable_themselves_nor_send_nonsense(client, make, auth):
    root = make.user("root", roles=("admin",))
    auth.login("root")
    response = access(client, root.id, "yes")
    assert "You cannot disable your own account." in client.get(response.location).get_data(
        as_text=True
    )
    assert access(client, root.id, "maybe").status_code == 400
    assert access(client, 99999, "yes").status_code == 404
    assert make.get(User, root.id).is_disabled is False
    assert make.count(AuditEvent, action="account.disabled") == 0
