"""Administrators grant and remove roles; nobody else can."""

from tamkeen.accounts.models import UserRole
from tamkeen.audit import AuditEvent


def test_admin_grants_and_removes_roles(client, make, auth):
    make.user("root", roles=("trainee", "admin"))
    person = make.user("leila")
    auth.login("root")
    response = client.post_form(f"/admin/users/{person.id}", {"trainee": "y", "trainer": "y"})
    assert response.status_code == 302
    assert make.count(UserRole, user_id=person.id, role="trainer") == 1
    client.post_form(f"/admin/users/{person.id}", {"trainee": "y"})
    assert make.count(UserRole, user_id=person.id, role="trainer") == 0
    assert make.count(AuditEvent, action="role.granted.trainer") == 1
    assert make.count(AuditEvent, action="role.removed.trainer") == 1


def test_admin_cannot_remove_their_own_admin_role(client, make, auth):
    root = make.user("root", roles=("admin",))
    auth.login("root")
    response = client.post_form(f"/admin/users/{root.id}", {"trainee": "y"})
    assert response.status_code == 422
    assert make.count(UserRole, user_id=root.id, role="admin") == 1


def test_user_list_is_searchable_and_paginated(client, make, auth):
    make.user("root", roles=("admin",))
    make.user("fatima")
    make.user("omar")
    auth.login("root")
    page = client.get("/admin/users?q=fat").get_data(as_text=True)
    assert "fatima" in page and "omar" not in page


def test_unknown_user_is_404(client, make, auth):
    make.user("root", roles=("admin",))
    auth.login("root")
    assert client.get("/admin/users/99999").status_code == 404


def test_non_admins_get_403_and_change_nothing(client, make, auth):
    person = make.user("leila")
    for role in ("trainee", "trainer", "organizer"):
        make.user(f"someone-{role}", roles=(role,))
        auth.login(f"someone-{role}")
        assert client.get("/admin/users").status_code == 403
        assert client.get(f"/admin/users/{person.id}").status_code == 403
        response = client.post_form(f"/admin/users/{person.id}", {"admin": "y"})
        assert response.status_code == 403
        auth.logout()
    assert make.count(UserRole, user_id=person.id, role="admin") == 0


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/admin/users").status_code == 302
