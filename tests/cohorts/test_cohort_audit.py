"""An organizer reads the audit log of the cohorts they run: changes to the cohort, report
downloads, and certificates issued to or revoked from its participants; nothing about
other cohorts, other courses or staff sign-ins."""

from tamkeen.accounts.models import User
from tamkeen.audit import record_event
from tamkeen.extensions import db


def run_a_cohort(client, make, auth):
    """Organizer "org" runs amal's cohort; organizer "other" runs a second one; amal also
    holds a certificate for a course outside the cohort."""
    organizer = make.user("org", roles=("organizer",))
    course, elsewhere = make.course(modules=1, lessons=1), make.course(modules=1, lessons=1)
    amal = make.user("amal")
    cohort = make.cohort(organizer, participants=[amal], courses=[course])
    other = make.cohort(
        make.user("other", roles=("organizer",)), participants=[amal], name="Autumn cohort"
    )
    make.certificate(amal, elsewhere)
    auth.login("org")
    url = f"/cohorts/{cohort.id}/participants/{amal.id}/certificates"
    assert client.post_form(url, {"issue-course": course.id}).status_code == 302
    export = client.post_form(f"/cohorts/{cohort.id}/reports/progress", {"csv": "CSV"})
    assert export.status_code == 200
    return cohort, other


def test_organizer_sees_their_cohorts_lines_and_nothing_else(app, client, make, auth):
    cohort, other = run_a_cohort(client, make, auth)
    with app.app_context():
        record_event(None, "cohort.updated", db.session.get(type(other), other.id))
        db.session.commit()

    page = client.get(f"/cohorts/{cohort.id}/audit").get_data(as_text=True)
    assert "downloaded the progress report (CSV)" in page
    assert page.count("issued a certificate") == 1  # the cohort's, not amal's other course
    assert "report.progress.csv" not in page and "certificate.issued" not in page
    assert f'href="/cohorts/{cohort.id}">{cohort.name}</a>' in page
    assert other.name not in page
    assert "signed in (staff)" not in page  # org's own sign-in stays with administrators
    assert "/admin/users/" not in page  # no link to accounts the organizer cannot open
    assert "127.0.0.1" not in page

    assert client.get(f"/cohorts/{other.id}/audit").status_code == 404


def test_an_administrator_reads_any_cohorts_lines(client, make, auth):
    cohort, _other = run_a_cohort(client, make, auth)
    make.user("root", roles=("admin",))
    auth.login("root")
    page = client.get(f"/cohorts/{cohort.id}/audit").get_data(as_text=True)
    assert "downloaded the progress report (CSV)" in page and "issued a certificate" in page


def test_cohort_audit_queries_stay_fixed_as_lines_grow(app, client, make, auth, count_queries):
    cohort, _other = run_a_cohort(client, make, auth)
    url = f"/cohorts/{cohort.id}/audit"

    def add_lines(n):
        with app.app_context():
            actor = db.session.scalar(db.select(User).where(User.username == "org"))
            for _ in range(n):
                record_event(actor, "cohort.updated", db.session.get(type(cohort), cohort.id))
            db.session.commit()

    with count_queries() as few:
        assert client.get(url).status_code == 200
    add_lines(30)
    with count_queries() as many:
        client.get(url)
    assert many.count == few.count
