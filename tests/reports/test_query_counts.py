"""The dashboard, the table and each export take as many queries at 500 participants as at
50 (and the demo seeder makes realistic cohorts for it)."""

from sqlalchemy import select

from tamkeen.cohorts.models import CohortParticipant
from tamkeen.extensions import db
from tamkeen.learning.models import LessonProgress
from tamkeen.quizzes.models import Attempt

from .helpers import _seeded, _sign_in_as


def _counts(client, count_queries, cohort_id: int) -> dict[str, int]:
    pages = {
        "dashboard": f"/cohorts/{cohort_id}",
        "table": f"/cohorts/{cohort_id}/participants?sort=progress&order=desc",
        "table page 2": f"/cohorts/{cohort_id}/participants?page=2",
    }
    counts = {}
    for name, url in pages.items():
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts[name] = counter.count
    for fmt in ("csv", "xlsx", "pdf"):
        token = client.csrf_token()
        with count_queries() as counter:
            response = client.post(
                f"/cohorts/{cohort_id}/reports/progress", data={fmt: "1", "csrf_token": token}
            )
            assert response.status_code == 200
        counts[fmt] = counter.count
    return counts


def test_query_counts_do_not_grow_from_50_to_500_participants(app, client, make, count_queries):
    few_id, few_organizer = _seeded(app, 50)
    many_id, many_organizer = _seeded(app, 500)
    _sign_in_as(client, app, few_organizer)
    few = _counts(client, count_queries, few_id)
    client.post_form("/sign-out")
    _sign_in_as(client, app, many_organizer)
    many = _counts(client, count_queries, many_id)
    assert few == many


def test_demo_seed_makes_uneven_progress_and_several_attempts(app, make):
    cohort_id, _organizer = _seeded(app, 60)
    assert make.count(CohortParticipant, cohort_id=cohort_id) == 60
    with app.app_context():
        done = db.session.execute(
            select(LessonProgress.user_id, db.func.count()).group_by(LessonProgress.user_id)
        ).all()
        numbers = set(db.session.scalars(select(Attempt.number)))
    counts = {count for _user, count in done}
    assert len(counts) > 5  # not everyone at the same place
    assert numbers >= {1, 2}
