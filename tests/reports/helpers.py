"""What the reports' tests share."""

from sqlalchemy import select, text

from tamkeen.cohorts.demo import seed_cohort
from tamkeen.cohorts.models import CohortOrganizer
from tamkeen.extensions import db


def export(client, cohort, fmt, **data):
    """A cohort's progress report as downloaded from its page (``fmt``: csv, xlsx, pdf)."""
    form = {fmt: "1", **data}
    response = client.post_form(f"/cohorts/{cohort.id}/reports/progress", form)
    assert response.status_code == 200, response.status_code
    assert "sandbox" in response.headers["Content-Security-Policy"].split("; ")
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def _seeded(app, participants: int) -> int:
    with app.app_context():
        cohort = seed_cohort(participants, 2, seed=participants, step=lambda _n: None)
        organizer_id = db.session.scalar(
            select(CohortOrganizer.user_id).where(CohortOrganizer.cohort_id == cohort.id)
        )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # As autovacuum would soon after a bulk load: without statistics the planner
            # takes the freshly filled tables for empty ones.
            with db.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()
        return cohort.id, organizer_id


def _sign_in_as(client, app, organizer_id: int) -> None:
    """The seeded organizer gets a password and two-step sign-in, as staff must have."""
    from tamkeen.accounts.models import User
    from tamkeen.accounts.passwords import hash_password
    from tamkeen.database import utcnow

    from ..conftest import Auth
    from ..factories import PASSWORD, TOTP_SECRET

    with app.app_context():
        user = db.session.get(User, organizer_id)
        user.password_hash = hash_password(PASSWORD)
        user.totp_secret, user.totp_enabled_at = TOTP_SECRET, utcnow()
        username = user.username
        db.session.commit()
    Auth(client).login(username)
