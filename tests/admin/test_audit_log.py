"""The audit log page: administrators see who did what and when, never from where."""

from tamkeen.accounts.models import User
from tamkeen.accounts.personal_data import erase_account
from tamkeen.audit import record_event
from tamkeen.extensions import db


def test_admin_sees_staff_sign_ins_role_changes_and_erasures(app, client, make, auth):
    make.user("root", roles=("admin",))
    amal = make.user("amal")
    gone = make.user("gone")
    auth.login("root")  # a staff sign-in
    client.post_form(f"/admin/users/{amal.id}", {"trainee": "y", "organizer": "y"})
    with app.app_context():
        erase_account(db.session.get(User, gone.id))
        db.session.commit()

    page = client.get("/admin/audit").get_data(as_text=True)
    for words in ("signed in (staff)", "gave the role: Organizer", "an account was erased"):
        assert words in page
    for code in ("staff.sign_in", "role.granted.organizer", "account.erased"):
        assert code not in page  # words, never codes
    assert f'href="/admin/users/{amal.id}">amal</a>' in page  # the target, linked
    assert "gone" not in page.replace("gone-", "")  # the erased account is not named
    assert "127.0.0.1" not in page

    roles_only = client.get("/admin/audit?kind=role").get_data(as_text=True)
    assert "gave the role: Organizer" in roles_only and "signed in (staff)" not in roles_only
    tampered = client.get("/admin/audit?kind=nonsense")
    assert tampered.status_code == 422  # the filter says what is wrong; every event shows
    assert "signed in (staff)" in tampered.get_data(as_text=True)


def test_only_administrators_see_the_audit_log(client, make, auth):
    make.user("org", roles=("organizer",))
    auth.login("org")
    assert client.get("/admin/audit").status_code == 403


def test_audit_log_page_queries_stay_fixed_as_events_grow(app, client, make, auth, count_queries):
    root = make.user("root", roles=("admin",))
    auth.login("root")

    def add_events(n):
        with app.app_context():
            actor = db.session.get(User, root.id)
            for _ in range(n):
                record_event(actor, "course.updated")
            db.session.commit()

    add_events(3)
    with count_queries() as few:
        client.get("/admin/audit")
    add_events(40)
    with count_queries() as many:
        client.get("/admin/audit")
    assert many.count == few.count
