"""Notices without email: a list in the app, a "Notices (n)" link in the header counted by
one indexed query, a button that marks them seen (a GET never does), seen ones deleted 90
days later, all of them in the data export and gone with the account."""

from datetime import timedelta

import pytest

from tamkeen.accounts.models import Notice, User
from tamkeen.accounts.notices import notify
from tamkeen.accounts.retention import purge
from tamkeen.database import utcnow
from tamkeen.extensions import db

from ..factories import PASSWORD


def tell(app, user, count: int = 1, **details) -> None:
    """``count`` notices for ``user``: certificates issued for a course named in details."""
    with app.app_context():
        for number in range(count):
            notify(user.id, "certificate.issued", subject_id=1, course=f"Course {number}")
        db.session.commit()


@pytest.fixture
def amal(make, auth):
    user = make.user("amal")
    auth.login("amal")
    return user


def test_the_header_counts_unseen_notices_with_one_query(app, client, amal, count_queries):
    assert ">Notices<" in client.get("/courses").get_data(as_text=True)
    tell(app, amal)
    with count_queries() as few:
        page = client.get("/courses").get_data(as_text=True)
    assert "Notices (1)" in page
    tell(app, amal, 40)
    with count_queries() as many:
        page = client.get("/courses").get_data(as_text=True)
    assert "Notices (41)" in page
    assert many.count == few.count
    counts = [s for s in few.statements if "count(" in s.lower() and "notices" in s]
    assert len(counts) == 1 and "seen_at IS NULL" in counts[0]


def test_the_notices_page_takes_the_same_queries_for_many_notices(app, client, amal, count_queries):
    tell(app, amal, 2)
    with count_queries() as few:
        assert client.get("/notices").status_code == 200
    tell(app, amal, 60)
    with count_queries() as many:
        page = client.get("/notices").get_data(as_text=True)
    assert many.count == few.count
    assert "Page 1 of 2" in page  # 50 a page


def test_reading_marks_nothing_the_button_marks_what_was_shown(app, client, make, amal):
    tell(app, amal, 2)
    page = client.get("/notices").get_data(as_text=True)
    assert "Your certificate for Course 0 is issued." in page
    assert make.count(Notice, seen_at=None) == 2  # opening the list is not reading it
    shown = max(n.id for n in _notices(app, amal))
    tell(app, amal)  # a notice arrives while the page is open
    response = client.post_form("/notices/seen", {"up_to": shown})
    assert response.status_code == 302
    assert make.count(Notice, seen_at=None) == 1
    assert "Notices (1)" in client.get("/notices").get_data(as_text=True)
    for bad in ("0", str(2**63), "x"):
        assert client.post_form("/notices/seen", {"up_to": bad}).status_code == 400


def test_marking_seen_touches_only_ones_own_notices(app, client, make, auth, amal):
    badr = make.user("badr")
    tell(app, badr, 3)
    client.post_form("/notices/seen", {"up_to": "1000000"})
    assert make.count(Notice, user_id=badr.id, seen_at=None) == 3
    assert "Course 0" not in client.get("/notices").get_data(as_text=True)


def test_seen_notices_are_deleted_after_90_days_unseen_ones_are_kept(app, make, amal):
    tell(app, amal, 3)
    now = utcnow()
    with app.app_context():
        old, recent, unseen = _notices(app, amal)
        db.session.execute(
            db.update(Notice).where(Notice.id == old.id).values(seen_at=now - timedelta(days=91))
        )
        db.session.execute(
            db.update(Notice).where(Notice.id == recent.id).values(seen_at=now - timedelta(days=89))
        )
        db.session.commit()
        report = purge(now=now)
        db.session.commit()
    assert report.seen_notices_deleted == 1
    assert {n.id for n in _notices(app, amal)} == {recent.id, unseen.id}


def test_roles_given_and_removed_are_told(app, client, make, auth):
    make.user("root", roles=("admin",))
    tess = make.user("tess")
    auth.login("root")
    url = f"/admin/users/{tess.id}"
    client.post_form(url, {"trainee": "y", "trainer": "y"})
    client.post_form(url, {"trainee": "y"})
    auth.logout()
    auth.login("tess")
    page = client.get("/notices").get_data(as_text=True)
    assert "You were given the role: Trainer." in page
    assert "Your role was removed: Trainer." in page


def test_notices_are_in_the_export_and_go_with_the_account(app, client, make, amal):
    tell(app, amal, 2)
    data = client.get("/account/data/export.json").get_json()
    assert [row["notice"] for row in data["notices"]] == [
        "Your certificate for Course 0 is issued.",
        "Your certificate for Course 1 is issued.",
    ]
    client.post_form("/account/erase", {"password": PASSWORD, "confirm": "y"})
    assert make.count(Notice) == 0 and make.count(User, username="amal") == 0


def _notices(app, user) -> list[Notice]:
    with app.app_context():
        found = list(db.session.scalars(db.select(Notice).filter_by(user_id=user.id)))
        for notice in found:
            db.session.expunge(notice)
        return sorted(found, key=lambda n: n.id)
