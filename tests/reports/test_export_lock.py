"""A report's file is made without holding the database's write lock (issue 17's load test:
on SQLite an organizer's export took the lock at its first query, as every POST does, and
kept it while the file was made, seconds at 10,000 participants; the trainees' answers
waited behind it until "database is locked"). Another connection writes while the file is
made; the export's audit line is still written."""

from sqlalchemy import func, select

from tamkeen.audit import AuditEvent
from tamkeen.extensions import db
from tamkeen.reports import services

from ..write_lock import write_from_another_connection


def test_other_writes_go_through_while_a_report_is_made(app, client, make, auth, monkeypatch):
    organizer = make.user("org", roles=("trainee", "organizer"))
    course = make.course("Budgets", modules=1, lessons=1)
    cohort = make.cohort(organizer, participants=[make.user("amal")], courses=[course])
    auth.login("org")
    real, written = services.to_xlsx, []

    def to_xlsx_while_another_writes(*args, **kwargs):
        write_from_another_connection(app)
        written.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "to_xlsx", to_xlsx_while_another_writes)
    response = client.post_form(f"/cohorts/{cohort.id}/reports/progress", {"xlsx": "1"})
    assert response.status_code == 200
    assert response.data[:2] == b"PK"
    assert written == [True]
    with app.app_context():
        recorded = select(func.count()).where(AuditEvent.action == "report.progress.xlsx")
        assert db.session.scalar(recorded) == 1
