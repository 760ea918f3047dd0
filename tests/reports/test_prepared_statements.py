"""The dashboard's and the participants table's statements are built once per process for
each set of filters, then only run with values (issue 17: building them cost more than
running them), and give the same pages as statements built for each request."""

from tamkeen.reports import dashboard, progress, table

from .helpers import _seeded, _sign_in_as

BUILT_ONCE = (
    dashboard._prepared,
    table._prepared_page_queries,
    progress._rows_of_people,
    progress._quizzes_query,
    progress._courses_query,
)


def _pages(cohort_id: int) -> list[str]:
    return [
        f"/cohorts/{cohort_id}",
        f"/cohorts/{cohort_id}?organization=1",
        f"/cohorts/{cohort_id}/participants?sort=progress&order=desc",
        f"/cohorts/{cohort_id}/participants?page=2&sort=activity",
    ]


def test_staff_pages_build_their_statements_once(app, client):
    first, organizer = _seeded(app, 60)
    _sign_in_as(client, app, organizer)
    for path in _pages(first):
        assert client.get(path).status_code == 200
    built = [function.cache_info().misses for function in BUILT_ONCE]
    assert all(built)
    for path in _pages(first) * 2:
        assert client.get(path).status_code == 200
    assert [function.cache_info().misses for function in BUILT_ONCE] == built


def test_prepared_and_per_request_statements_give_the_same_table(app, client):
    """A search ("") keeps the table's statements built per request: the same page."""
    cohort_id, organizer = _seeded(app, 60)
    _sign_in_as(client, app, organizer)
    for sort in ("name", "progress", "completed", "activity", "organization"):
        with app.test_request_context():
            report = progress.ReportFilter()
            ids = [course.id for course in progress.courses(cohort_id, report)]
            for page in (1, 2):
                arguments = dict(sort=sort, descending=sort != "name", page=page)
                prepared, (_, lines) = table.participants_page(cohort_id, report, ids, **arguments)
                built = table._page_query(cohort_id, report, ids, sort, sort != "name", None)
                expected = table.db.paginate(built, page=page, per_page=table.PER_PAGE)
                assert list(prepared.items) == list(expected.items) != []
                assert prepared.total == 60
                assert [line.user_id for line in lines] == list(expected.items)
