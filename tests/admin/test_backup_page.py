"""/admin/backups: an administrator makes an encrypted backup of the whole site from the web
and downloads it once (admin/backup_views.py). Without the job queue, as here, it is made in
the request; tests/test_jobs.py makes one with the queue, tests/test_two_app_servers.py on
one server and downloads it from the other."""

import io
import os
import tarfile
import time

import pytest

from tamkeen import storage
from tamkeen.audit import AuditEvent
from tamkeen.backups import MAGIC, decrypt, read_manifest
from tamkeen.jobs.private import PREFIX, purge_results

from ..conftest import fresh_app

PASSPHRASE = "a server's backup passphrase"


@pytest.fixture
def app(database_url, tmp_path):
    with fresh_app(database_url, tmp_path, BACKUP_PASSPHRASE=PASSPHRASE) as app:
        yield app


def stored_results(app) -> list[str]:
    with app.app_context():
        return sorted(entry.key for entry in storage.current().listing(f"{PREFIX}/"))


def test_an_administrator_makes_a_backup_and_downloads_it_once(app, client, make, auth):
    make.user("root", roles=("admin",))
    make.user("other", roles=("admin",))
    make.user("amal", display_name="Amal")
    # A report waiting for its download is in no backup (nor are earlier backups).
    waiting = app.config["DATA_DIR"] / PREFIX / ("B" * 32 + ".pdf")
    waiting.parent.mkdir()
    waiting.write_bytes(b"%PDF- someone's report")
    auth.login("root")
    page = client.get("/admin/backups").get_data(as_text=True)
    assert "Make a backup now" in page and "has no backup passphrase" not in page
    made = client.post_form("/admin/backups", {})
    assert made.status_code == 303 and made.location.endswith("?wait=1")
    ready = client.get(made.location)
    assert ready.status_code == 200 and ready.headers["Cache-Control"] == "no-store"
    url = made.location.split("?", 1)[0]
    assert "The document is ready." in ready.get_data(as_text=True)
    assert f'href="{url}" download>Download the backup<' in ready.get_data(as_text=True)
    assert len(stored_results(app)) == 3  # the backup, its description, the waiting report
    # Another administrator, and the first one signed out, get nothing.
    auth.logout()
    assert client.get(url).status_code == 302
    auth.login("other")
    assert client.get(url).status_code == 404 and client.get(made.location).status_code == 404
    auth.logout()
    auth.login("root")
    download = client.get(url)
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="tamkeen-')
    blob = download.get_data()
    assert blob.startswith(MAGIC)
    archive = decrypt(blob, PASSPHRASE)
    assert read_manifest(archive)["row_counts"]["users"] == 3
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        assert not [name for name in tar.getnames() if PREFIX in name]
    assert make.count(AuditEvent, action="backup.created") == 1
    # Downloaded once, then gone: the file, its description, the URL.
    assert stored_results(app) == [f"{PREFIX}/{'B' * 32}.pdf"]
    assert client.get(url).status_code == 404


def test_a_backup_not_downloaded_within_the_hour_is_purged(app, client, make, auth):
    make.user("root", roles=("admin",))
    auth.login("root")
    url = client.post_form("/admin/backups", {}).location.split("?", 1)[0]
    with app.app_context():
        assert purge_results() == 0
        past = time.time() - 3601
        for key in stored_results(app):
            os.utime(storage.current().local_path(key), (past, past))
        assert purge_results() == 2  # the backup and its description
    assert stored_results(app) == [] and client.get(url).status_code == 404


@pytest.mark.parametrize("passphrase", [None, "too short"])
def test_without_a_usable_passphrase_the_page_says_so_and_makes_nothing(
    app, client, make, auth, passphrase
):
    app.config["BACKUP_PASSPHRASE"] = passphrase
    make.user("root", roles=("admin",))
    auth.login("root")
    page = client.get("/admin/backups").get_data(as_text=True)
    assert "the server has no backup passphrase" in page and "Make a backup now" not in page
    sent = client.post_form("/admin/backups", {})  # the form sent anyway
    assert sent.status_code == 303 and sent.location.endswith("/admin/backups")
    assert "No backup was made" in client.get(sent.location).get_data(as_text=True)
    assert stored_results(app) == [] and make.count(AuditEvent, action="backup.created") == 0


def test_only_administrators_reach_the_page(client, make, auth):
    make.user("org", roles=("organizer", "trainer"))
    auth.login("org")
    assert client.get("/admin/backups").status_code == 403
    assert client.post_form("/admin/backups", {}).status_code == 403
