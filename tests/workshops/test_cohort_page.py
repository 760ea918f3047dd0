"""The cohort's workshop page: prepare a kit (passphrase shown once, the file downloadable
for 24 hours by the cohort's organizers), upload a laptop's results (the same import as the
command) and read the summary; every refused upload writes nothing."""

import os
import re
import time
from datetime import timedelta

from sqlalchemy import select

from tamkeen import storage
from tamkeen.accounts.models import User
from tamkeen.extensions import db
from tamkeen.workshops import kit_pages
from tamkeen.workshops.models import WorkshopImport, WorkshopKit

from ..conftest import Auth, Client
from ..factories import Factory
from .sync import counts, get, laptop_app, lessons


def signed_in(app, username: str) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    Auth(client).login(username)
    return client


def upload(client: Client, cohort_id: int, data: bytes | None, name: str = "results.tkr"):
    fields = {"file": (__import__("io").BytesIO(data), name)} if data is not None else {}
    return client.post(
        f"/cohorts/{cohort_id}/workshop/results",
        data={"csrf_token": client.csrf_token(), **fields},
        content_type="multipart/form-data",
    )


def test_prepare_download_set_up_and_upload_results_from_the_cohort_page(workshop, laptop_template):
    central, cohort_id = workshop.central, workshop.cohort_id
    nadia = signed_in(central, "nadia")
    page = nadia.get(f"/cohorts/{cohort_id}/workshop")
    assert page.status_code == 200
    assert "No kit has been made for this cohort yet." in page.text

    made = nadia.post_form(f"/cohorts/{cohort_id}/workshop/kits")
    assert made.status_code == 200, made.text
    assert made.headers["Cache-Control"] == "no-store"
    passphrase = re.search(r"<code>([2-9A-Z-]{29})</code>", made.text)[1]
    link = re.search(r'href="(/cohorts/\d+/workshop/kits/[0-9a-f-]{36}/download)"', made.text)[1]
    kit = nadia.get(link)
    assert kit.status_code == 200 and kit.data.startswith(b"TAMKEEN-KIT/1\n")
    assert "attachment" in kit.headers["Content-Disposition"]
    kit.close()
    assert passphrase not in nadia.get(f"/cohorts/{cohort_id}/workshop").text  # shown once
    with central.app_context():
        row = db.session.scalars(select(WorkshopKit)).one()
        assert (
            row.created_by_id
            == db.session.scalars(select(User.id).where(User.username == "nadia")).one()
        )

    # The laptop is set up from the downloaded file, with the passphrase from the page.
    path = workshop.folder / "kit.tkw"
    path.write_bytes(kit.data)
    with laptop_app(laptop_template, workshop.folder / "laptop") as laptop:
        result = workshop.cli(
            laptop, "setup", str(path), env={"TAMKEEN_KIT_PASSPHRASE": passphrase}
        )
        assert result.exit_code == 0, result.output
        Factory(laptop).complete(get(laptop, User, username="amal"), lessons(laptop)[1])
        first = workshop.export_results(laptop).read_bytes()
        Factory(laptop).complete(get(laptop, User, username="badr"), lessons(laptop)[0])
        second = workshop.export_results(laptop).read_bytes()

    # Refusals, each with its sentence and nothing written.
    tables = counts(central)
    tampered = bytearray(second)
    tampered[len(second) // 2] ^= 1
    refusals = [
        (None, "results.tkr", "Choose a file."),
        (second, "results.zip", "Choose the laptop&#39;s .tkr results file."),
        (bytes(tampered), "results.tkr", "altered"),
        (kit.data, "results.tkr", "This is a workshop kit, not a results file."),
        (b"hello", "results.tkr", "This is not a Tamkeen workshop file."),
    ]
    central.config["MAX_CONTENT_LENGTH"], limit = 64 * 1024, central.config["MAX_CONTENT_LENGTH"]
    big = upload(nadia, cohort_id, b"\0" * (64 * 1024 + 1), "big.tkr")  # the site's limit
    assert big.status_code == 413 and "The file is too large" in big.text
    central.config["MAX_CONTENT_LENGTH"] = limit
    assert counts(central) == tables
    for data, name, sentence in refusals:
        answer = upload(nadia, cohort_id, data, name)
        assert answer.status_code == 422, (name, answer.status_code)
        assert sentence in answer.text, (name, sentence)
        assert counts(central) == tables, name
    other_cohort = cohort_id + 1  # "Other cohort", also Nadia's
    answer = upload(nadia, other_cohort, second)
    assert answer.status_code == 422
    assert "These results come from a kit of another cohort" in answer.text
    assert counts(central) == tables

    # The newer results; then the older ones are a replay that would undo newer work.
    done = upload(nadia, cohort_id, second)
    assert done.status_code == 302, done.text
    summary = nadia.get(done.headers["Location"])
    assert summary.status_code == 200
    text = re.sub(r"\s+", " ", summary.text)
    assert "3 people" in text or "4 people" in text
    assert "2 lessons completed newly brought" in text
    assert "0 conflicts" in text
    tables = counts(central)
    older = upload(nadia, cohort_id, first)
    assert older.status_code == 422 and "older than results #2" in older.text
    assert counts(central) == tables
    again = upload(nadia, cohort_id, second)  # the same file again: nothing changes
    assert again.status_code == 302 and again.headers["Location"] == done.headers["Location"]
    assert counts(central) == tables

    page = nadia.get(f"/cohorts/{cohort_id}/workshop").text
    assert "Results #2, imported on" in page and "Download the kit" in page

    # Another cohort's organizer sees nothing of it, and can do nothing to it.
    Factory(central).user("omar", roles=("trainee", "organizer"))
    omar = signed_in(central, "omar")
    tables = counts(central)
    for url in (f"/cohorts/{cohort_id}/workshop", link, done.headers["Location"]):
        assert omar.get(url).status_code == 404, url
    assert upload(omar, cohort_id, second).status_code == 404
    assert omar.post_form(f"/cohorts/{cohort_id}/workshop/kits").status_code == 404
    assert counts(central) == tables

    # After 24 hours the kit is no longer downloadable.
    with central.app_context():
        row = db.session.scalars(select(WorkshopKit)).one()
        row.created_at -= timedelta(hours=24, seconds=1)
        db.session.commit()
        assert db.session.scalars(select(WorkshopImport.via)).all() == ["web"]
    assert nadia.get(link).status_code == 404
    assert "No longer kept" in nadia.get(f"/cohorts/{cohort_id}/workshop").text
    # `flask privacy purge` deletes the kept file once it is 24 hours old.
    with central.app_context():
        (kept,) = storage.current().listing(kit_pages.PREFIX)
        day_ago = time.time() - 24 * 3600 - 60
        os.utime(central.config["DATA_DIR"] / kept.key, (day_ago, day_ago))
    output = central.test_cli_runner().invoke(args=["privacy", "purge"]).output
    assert "Workshop kits kept over 24 hours deleted: 1" in output
    with central.app_context():
        assert list(storage.current().listing(kit_pages.PREFIX)) == []
