"""The dashboard's and the participants table's cached parts (issue 17, reports/stamps.py
and reports/fragments.py): after every kind of write the pages show, the page through the
cache is the page rendered without it; a second identical view is served from the cache
in fewer queries; filters, languages and cohorts never share an entry."""

import re
from datetime import timedelta

from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.cohorts import services as cohorts
from tamkeen.cohorts.models import Cohort, Organization
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.reports import fragments, stamps
from tamkeen.reports.models import ReportStamp

from ..factories import without_csrf_tokens
from .writes import Writes


def _paths(small) -> list[str]:
    cohort = small.cohort.id
    # "organization=" each time: the pages remember the last organization chosen.
    return [
        f"/cohorts/{cohort}?organization=",
        f"/cohorts/{cohort}/participants?sort=progress&order=desc&q=a&organization=",
    ]


def _views(client, paths) -> dict[str, str]:
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = without_csrf_tokens(response.get_data(as_text=True))
    return pages


def _uncached(app, client, paths) -> dict[str, str]:
    store = app.extensions["report_fragments"]
    app.extensions["report_fragments"] = None
    try:
        return _views(client, paths)
    finally:
        app.extensions["report_fragments"] = store


def test_every_kind_of_write_shows_on_the_next_view(app, client, make, watched):
    paths = _paths(watched)
    before = _views(client, paths)
    again = _views(client, paths)
    assert again == before, _diff(before, again)  # from the cache
    writes = Writes(app, make, watched)
    for name in Writes.ORDER:
        writes.run(name)
        after = _views(client, paths)
        fresh = _uncached(app, client, paths)
        assert [path for path in paths if after[path] != fresh[path]] == [], (
            name,
            _diff(after, fresh),
        )
        assert after != before, name  # the write shows, so the cache had to be left
        before = after


def _diff(first: dict, second: dict) -> str:
    import difflib

    lines = []
    for path in first:
        lines += difflib.unified_diff(
            first[path].splitlines(), second[path].splitlines(), path, n=0
        )
    return "\n".join(lines[:20])


def _stamp(app, cohort_id):
    with app.app_context():
        return db.session.scalar(
            select(ReportStamp.stamp).where(ReportStamp.cohort_id == cohort_id)
        )


def test_a_write_moves_the_stamp_of_its_cohorts_only(app, client, make, watched):
    other_organizer = make.user("other", roles=("trainee", "organizer"))
    stranger = make.user("stranger")
    other = make.cohort(other_organizer, participants=[stranger], courses=[watched.rights])
    mine, theirs = _stamp(app, watched.cohort.id), _stamp(app, other.id)
    make.complete(stranger, watched.rights.modules[0].lessons[0])
    assert _stamp(app, watched.cohort.id) == mine  # the stranger is not in this cohort
    assert _stamp(app, other.id) > theirs
    make.complete(watched.chaima, watched.rights.modules[0].lessons[0])
    assert _stamp(app, watched.cohort.id) > mine


def test_a_second_view_is_served_from_the_cache_in_fewer_queries(
    app, client, count_queries, watched
):
    store = app.extensions["report_fragments"]
    for path in (f"/cohorts/{watched.cohort.id}", f"/cohorts/{watched.cohort.id}/participants"):
        with count_queries() as cold:
            first = client.get(path).get_data(as_text=True)
        hits = store.hits
        with count_queries() as warm:
            second = client.get(path).get_data(as_text=True)
        assert store.hits == hits + 1
        assert without_csrf_tokens(first) == without_csrf_tokens(second)
        assert warm.count < cold.count
        # The kept page holds no token: the export form's is this session's own, and works.
        assert fragments.CSRF_PLACEHOLDER not in second
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', second)
        response = client.post(
            f"/cohorts/{watched.cohort.id}/reports/progress",
            data={"csv": "1", "csrf_token": token.group(1)},
        )
        assert response.status_code == 200
        # The stamp, the cohort, its courses and the person signed in: no report query.
        assert not any("progress_summaries" in statement for statement in warm.statements)


def test_filters_languages_and_cohorts_never_share_an_entry(app, client, make, auth, watched):
    cohort_id = watched.cohort.id
    everyone = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    tanmia = client.get(f"/cohorts/{cohort_id}?organization={watched.tanmia.id}")
    assert "<dt>Participants</dt><dd>3</dd>" in everyone
    assert "<dt>Participants</dt><dd>1</dd>" in tanmia.get_data(as_text=True)
    first = client.get(f"/cohorts/{cohort_id}/participants?q=amal&organization=").get_data(
        as_text=True
    )
    second = client.get(f"/cohorts/{cohort_id}/participants?q=badr&organization=").get_data(
        as_text=True
    )
    assert "Amal Tazi" in first and "Badr" not in first
    assert "Badr" in second and "Amal Tazi" not in second
    with app.app_context():  # the organizer reads French now (no stamp moves)
        db.session.scalar(select(User).where(User.username == "org")).locale = "fr"
        db.session.commit()
    french = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "Taux de réussite" in french or "Participants" in french
    assert without_csrf_tokens(french) != without_csrf_tokens(everyone)
    assert (
        without_csrf_tokens(french)
        == _uncached(app, client, [f"/cohorts/{cohort_id}"])[f"/cohorts/{cohort_id}"]
    )
    # An organizer of another cohort: this one's cached parts are out of reach (404), and
    # their own cohort's page is their own.
    other_organizer = make.user("other", roles=("trainee", "organizer"))
    other = make.cohort(other_organizer, participants=[make.user("solo")], courses=[watched.rights])
    client.post_form("/sign-out")
    auth.login("other")
    assert client.get(f"/cohorts/{cohort_id}").status_code == 404
    assert client.get(f"/cohorts/{cohort_id}/participants").status_code == 404
    theirs = client.get(f"/cohorts/{other.id}").get_data(as_text=True)
    assert "<dt>Participants</dt><dd>1</dd>" in theirs
    assert "Amal Tazi" not in client.get(f"/cohorts/{other.id}/participants").get_data(as_text=True)


def test_a_page_from_the_cache_remembers_the_organization_chosen(app, client, watched):
    """The organization asked for is remembered in the session when the page comes from
    the cache too (no form is built then)."""
    from ..conftest import Auth

    cohort_id, tanmia = watched.cohort.id, watched.tanmia.id
    client.get(f"/cohorts/{cohort_id}?organization={tanmia}")  # kept
    other = app.test_client()
    Auth(other).login("org")
    hits = app.extensions["report_fragments"].hits
    chosen = other.get(f"/cohorts/{cohort_id}?organization={tanmia}").get_data(as_text=True)
    assert app.extensions["report_fragments"].hits == hits + 1
    assert "<dt>Participants</dt><dd>1</dd>" in chosen
    again = other.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert f'<option selected value="{tanmia}">' in again
    assert "<dt>Participants</dt><dd>1</dd>" in again
    everyone = other.get(f"/cohorts/{cohort_id}?organization=").get_data(as_text=True)
    assert "<dt>Participants</dt><dd>3</dd>" in everyone
    assert "<dt>Participants</dt><dd>3</dd>" in other.get(f"/cohorts/{cohort_id}").get_data(
        as_text=True
    )


def test_active_in_the_last_7_days_drops_without_a_write(app, client, monkeypatch, watched):
    """The figure depends on the clock: the kept part is used only until the first counted
    person's last activity is 7 days old."""
    path = f"/cohorts/{watched.cohort.id}"
    assert "<dt>Active in the last 7 days</dt><dd>2</dd>" in client.get(path).get_data(as_text=True)
    later = utcnow() + timedelta(days=7, minutes=5)
    import tamkeen.reports.progress as progress
    import tamkeen.reports.views as views

    for module in (progress, views):
        monkeypatch.setattr(module, "utcnow", lambda: later)
    page = client.get(path).get_data(as_text=True)
    assert "<dt>Active in the last 7 days</dt><dd>0</dd>" in page


def test_a_statement_the_listener_cannot_scope_moves_every_stamp(app, watched, make):
    """An UPDATE of a watched table whose WHERE names no cohort, person or course."""
    other = make.cohort(make.user("other", roles=("organizer",)), courses=[watched.rights])
    before = _stamp(app, watched.cohort.id) or 0, _stamp(app, other.id) or 0
    with app.app_context():
        db.session.execute(db.update(Organization).values(name=Organization.name))
        db.session.commit()
    after = _stamp(app, watched.cohort.id), _stamp(app, other.id)
    assert after[0] > before[0] and after[1] > before[1]
    with app.app_context():  # a read, then a commit: nothing moves
        assert stamps.current(watched.cohort.id) == after[0]
        db.session.commit()
    assert _stamp(app, watched.cohort.id) == after[0]


def test_every_table_the_pages_read_is_watched(app):
    """A table added to the reports' statements must be watched (stamps.WATCHED), or its
    writes would not show on the cached pages."""
    from datetime import date

    from sqlalchemy.sql.util import find_tables

    from tamkeen.reports import dashboard, progress, table

    with app.test_request_context():
        statements = [*dashboard._prepared(False), *dashboard._prepared(True)]
        for sort in ("name", "organization", "progress"):
            statements += table._prepared_page_queries(sort, True, True)
        statements += [progress._rows_of_people(), progress._best_of_people()]
        statements += [progress._quizzes_query(), progress._courses_query(True)]
        period = progress.ReportFilter(since=date(2026, 1, 1), organization_id=1)
        statements.append(progress.participant_course_rows(1, period, [1]))
        statements.append(table._page_query(1, period, [1], "activity", False, "a"))
        read = {
            found.name
            for statement in statements
            for found in find_tables(statement, include_aliases=True, include_crud=True)
            if hasattr(found, "name") and found.name in db.metadata.tables
        }
    assert read >= {"progress_summaries", "attempts", "users", "lesson_progress"}
    assert read - set(stamps.WATCHED) == set()


def test_a_new_cohort_never_gets_a_deleted_ones_kept_page(app, client, make, auth, watched):
    """SQLite may give a deleted cohort's number to the next one, and its stamp restarts
    the same way: the kept pages are the deleted cohort's UUID's, not the number's."""

    client.post_form("/sign-out")
    organizer = make.user("other", roles=("trainee", "organizer"))
    auth.login("other")
    people = [make.user(f"p{n}", display_name=f"Old Person {n}") for n in range(2)]
    old = make.cohort(organizer, name="Old cohort", participants=people, courses=[watched.rights])
    assert "Old Person 0" in client.get(f"/cohorts/{old.id}/participants").get_data(as_text=True)
    with app.app_context():
        cohorts.delete_cohort(db.session.get(Cohort, old.id), by=None)
        db.session.commit()
    fresh = [make.user(f"n{n}", display_name=f"New Person {n}") for n in range(2)]
    new = make.cohort(organizer, name="New cohort", participants=fresh, courses=[watched.rights])
    page = client.get(f"/cohorts/{new.id}/participants").get_data(as_text=True)
    assert "New Person 0" in page and "Old Person 0" not in page
