"""What a workshop laptop refuses, with the reason (docs/design/workshop-sync.md §5.3): making
kits and importing results (commands, and the sync endpoint), creating or changing cohorts
and organizations (pages). The same pages work on the central server."""

from sqlalchemy import select

from tamkeen.cohorts.models import Cohort, Organization
from tamkeen.extensions import db

from ..conftest import Auth, Client
from ..factories import Factory
from .sync import counts

LAPTOP_SENTENCE = "This is a workshop laptop: kits are made and results imported on the central"
PAGE_SENTENCE = "This is a workshop laptop. Cohorts, their courses and organizations are changed"


def test_a_laptop_refuses_central_commands_and_pages_with_the_reason(workshop, laptop):
    results = workshop.export_results(laptop)
    tables = counts(laptop)
    cohort_id = workshop.cohort_id
    for args in (
        ["export-kit", "--cohort", str(cohort_id), "-o", str(workshop.folder / "again.tkw")],
        ["import-results", str(results)],
    ):
        result = workshop.cli(laptop, *args)
        assert result.exit_code == 1 and LAPTOP_SENTENCE in result.output, result.output
    assert not (workshop.folder / "again.tkw").exists()
    # The sync endpoint does not exist on a laptop.
    laptop.test_client_class = Client
    client = laptop.test_client()
    response = client.post("/workshop/api/1/results", data=results.read_bytes())
    assert response.status_code == 404
    # An organizer of the laptop (an administrator too) is refused the central pages.
    Factory(laptop).user("laila", roles=("trainee", "organizer", "admin"))
    Auth(client).login("laila")
    with laptop.app_context():
        organization_id = db.session.scalars(select(Organization.id)).first()
        cohort_id = db.session.scalars(select(Cohort.id)).one()
    pages = ["/cohorts/new", f"/cohorts/{cohort_id}/edit", f"/cohorts/{cohort_id}/courses",
             f"/cohorts/{cohort_id}/delete", "/organizations",
             f"/organizations/{organization_id}",
             f"/organizations/{organization_id}/delete"]  # fmt: skip
    for page in pages:
        response = client.get(page)
        assert response.status_code == 403, page
        assert PAGE_SENTENCE in response.get_data(as_text=True), page
    for page, form in [
        ("/cohorts/new", {"name": "A cohort made on the laptop"}),
        (f"/cohorts/{cohort_id}/organizers", {"username": "amal"}),
        ("/organizations", {"name": "A new association"}),
        (f"/cohorts/{cohort_id}/delete", {}),
    ]:
        response = client.post_form(page, form)
        assert response.status_code == 403, page
        assert PAGE_SENTENCE in response.get_data(as_text=True), page
    after = counts(laptop)
    for table in ("cohorts", "organizations", "cohort_organizers", "cohort_courses"):
        assert after[table] == tables[table], table
    # The same pages on the central server.
    central = workshop.central
    central.test_client_class = Client
    client = central.test_client()
    Factory(central).user("laila", roles=("trainee", "organizer", "admin"))
    Auth(client).login("laila")
    for page in ("/cohorts/new", "/organizations"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert PAGE_SENTENCE not in response.get_data(as_text=True)
