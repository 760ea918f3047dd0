"""Long work off the request (platform/tamkeen/jobs/): with TAMKEEN_JOBS=queue a handbook not
yet made is one RQ job in Redis (a real one, started here), run by a real RQ worker; the page
says how far it got, is asked again with a link (no JavaScript), and offers the download once it is
made. Without the queue, the handbook is made in the request as before
(tests/learning/test_handbook.py)."""

import os
import time

import pytest
import redis
from rq import Queue, SimpleWorker

from tamkeen import create_app, pdf, storage
from tamkeen.accounts.models import User
from tamkeen.audit import AuditEvent
from tamkeen.backups import decrypt, read_manifest
from tamkeen.cohorts import services as cohorts
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db
from tamkeen.jobs import worker
from tamkeen.jobs.pages import progress_page
from tamkeen.jobs.private import PREFIX, purge_results
from tamkeen.jobs.queue import QUEUE, enqueue
from tamkeen.learning.handbook import handbook_pdf
from tamkeen.learning.models import Course

from .app_servers import redis_server
from .conftest import app_config, fresh_app


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def app(database_url, tmp_path, redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    with fresh_app(database_url, tmp_path, REDIS_URL=redis_url, JOBS="queue") as app:
        yield app


def queued_jobs(app) -> int:
    return Queue(QUEUE, connection=redis.Redis.from_url(app.config["REDIS_URL"])).count


def work(app) -> None:
    """A real RQ worker, in this process, until the queue is empty."""
    worker.app = app
    try:
        connection = redis.Redis.from_url(app.config["REDIS_URL"])
        SimpleWorker([QUEUE], connection=connection).work(burst=True)
    finally:
        worker.app = None


def test_a_handbook_is_made_by_the_queue_and_then_downloads(app, client, make):
    course = make.course("Queued handbook", modules=1, lessons=2)
    url = f"/courses/{course.id}/handbook"
    first = client.get(url)
    assert first.status_code == 202
    page = first.get_data(as_text=True)
    assert "Waiting for its turn to be prepared." in page
    assert f'href="{url}?wait=1"' in page  # "Check again"
    assert "http-equiv" not in page  # never reloads by itself (pages.py says why)
    assert client.get(url).status_code == 202 and queued_jobs(app) == 1  # asked twice: one job
    work(app)
    assert queued_jobs(app) == 0
    ready = client.get(f"{url}?wait=1")
    assert ready.status_code == 200 and "The document is ready." in ready.get_data(as_text=True)
    assert f'href="{url}"' in ready.get_data(as_text=True)
    with client.get(url) as download:
        assert download.status_code == 200 and download.get_data().startswith(b"%PDF-")
        assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_failed_job_says_so_and_is_queued_again_when_tried_again(app, client, make):
    course = make.course("Failing handbook", modules=1, lessons=1)
    assert client.get(f"/courses/{course.id}/handbook").status_code == 202
    with app.test_request_context(), pytest.raises(pdf.NotCached) as missing, pdf.only_cached():
        handbook_pdf(db.session.get(Course, course.id))
    with app.app_context():  # deleted before the worker gets to it: the job fails
        db.session.delete(db.session.get(Course, course.id))
        db.session.commit()
    work(app)
    with app.test_request_context():
        failed = enqueue("handbook", (course.id,), missing.value.key)
        assert failed.state == "failed" and queued_jobs(app) == 0
        page, status = progress_page(failed, "Handbook", "/check", "/check?retry=1")
        assert status == 202 and "could not be prepared" in page
        assert 'href="/check?retry=1"' in page
        assert enqueue("handbook", (course.id,), missing.value.key).state == "failed"
        again = enqueue("handbook", (course.id,), missing.value.key, retry=True)
        assert again.state == "queued" and queued_jobs(app) == 1


def test_settings_that_name_no_usable_queue_stop_the_start(database_url, tmp_path):
    config = app_config(database_url, tmp_path)
    with pytest.raises(ValueError, match="TAMKEEN_JOBS=queue needs TAMKEEN_REDIS_URL"):
        create_app({**config, "JOBS": "queue", "REDIS_URL": None})
    with pytest.raises(ValueError, match="TAMKEEN_JOBS must be one of in-process, queue"):
        create_app({**config, "JOBS": "celery"})


# A cohort's PDF progress report off the request (jobs/private.py): one job made for the
# organizer who asked alone. Another organizer of the same cohort, an administrator, and
# the same URL signed out get nothing; the file is gone once downloaded, and
# `flask privacy purge` removes one left over past the hour. Without the queue the report is
# made in the request as before (tests/cohorts/).


def stored_results(app) -> list[str]:
    with app.app_context():
        return [entry.key for entry in storage.current().listing(f"{PREFIX}/")]


def ask_for_the_report(app, client, make, auth):
    """Organizer "org" runs a cohort with "coorg"; amal is in it. "org" asks for the PDF."""
    organizer = make.user("org", roles=("organizer",))
    make.user("coorg", roles=("organizer",))
    make.user("root", roles=("admin",))
    amal = make.user("amal", display_name="Amal Queued")
    course = make.course(modules=1, lessons=1)
    cohort = make.cohort(organizer, participants=[amal], courses=[course])
    with app.app_context():
        by = db.session.get(User, organizer.id)
        coorg = db.session.scalar(db.select(User).where(User.username == "coorg"))
        cohorts.add_organizer(db.session.get(Cohort, cohort.id), coorg, by=by)
        db.session.commit()
    auth.login("org")
    asked = client.post_form(f"/cohorts/{cohort.id}/reports/progress", {"pdf": "PDF"})
    assert asked.status_code == 303
    return cohort, asked.headers["Location"]


def test_the_organizer_who_asked_downloads_the_queued_report_once(app, client, make, auth):
    cohort, waiting = ask_for_the_report(app, client, make, auth)
    assert "?wait=1" in waiting and queued_jobs(app) == 1
    page = client.get(waiting)
    assert page.status_code == 202 and "Waiting for its turn to be prepared." in page.get_data(
        as_text=True
    )
    work(app)
    ready = client.get(waiting)
    assert ready.status_code == 200 and "The document is ready." in ready.get_data(as_text=True)
    url = waiting.split("?", 1)[0]
    assert f'href="{url}"' in ready.get_data(as_text=True)
    assert len(stored_results(app)) == 1
    with app.app_context():  # audited as in the request: by the organizer, once
        actors = db.session.scalars(
            db.select(AuditEvent.actor_id).where(AuditEvent.action == "report.progress.pdf")
        ).all()
        assert actors == [db.session.scalar(db.select(User.id).where(User.username == "org"))]
    download = client.get(url)
    assert download.status_code == 200 and download.get_data().startswith(b"%PDF-")
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="cohort-{cohort.id}-progress.pdf"'
    )
    assert download.headers["Cache-Control"] == "no-store"
    # Gone once downloaded: from the storage, and the URL says nothing is there.
    assert stored_results(app) == []
    assert client.get(url).status_code == 404
    assert client.get(waiting).status_code == 404


def test_nobody_else_gets_the_report_nor_hears_of_it(app, client, make, auth):
    cohort, waiting = ask_for_the_report(app, client, make, auth)
    url = waiting.split("?", 1)[0]
    work(app)
    for other in ("coorg", "root"):  # runs the same cohort; sees every cohort
        auth.logout()
        auth.login(other)
        assert client.get(waiting).status_code == 404, other
        assert client.get(url).status_code == 404, other
    auth.logout()
    signed_out = client.get(url)
    assert signed_out.status_code == 302 and "/sign-in" in signed_out.headers["Location"]
    assert len(stored_results(app)) == 1  # still there for the one who asked
    auth.login("org")
    assert client.get(url).get_data().startswith(b"%PDF-")
    assert client.get(f"/cohorts/{cohort.id}/reports/progress/{'A' * 32}").status_code == 404


def test_a_report_not_downloaded_within_the_hour_is_purged(app, client, make, auth):
    ask_for_the_report(app, client, make, auth)
    work(app)
    (key,) = stored_results(app)
    with app.app_context():
        assert purge_results() == 0  # made just now
        path = storage.current().local_path(key)
        past = time.time() - 3601
        os.utime(path, (past, past))
        assert purge_results() == 1
    assert stored_results(app) == []


# A backup made from /admin/backups with the queue (admin/backup_views.py): the same private
# result, made by the worker; without the queue, tests/admin/test_backup_page.py.


def test_a_backup_is_made_by_the_queue_for_the_administrator_who_asked(app, client, make, auth):
    app.config["BACKUP_PASSPHRASE"] = "the queue's backup passphrase"
    make.user("root", roles=("admin",))
    auth.login("root")
    asked = client.post_form("/admin/backups", {})
    assert asked.status_code == 303 and queued_jobs(app) == 1
    waiting = client.get(asked.location)
    assert waiting.status_code == 202
    assert "Waiting for its turn to be prepared." in waiting.get_data(as_text=True)
    work(app)
    ready = client.get(asked.location).get_data(as_text=True)
    assert "The document is ready." in ready and "Download the backup" in ready
    blob = client.get(asked.location.split("?", 1)[0]).get_data()
    manifest = read_manifest(decrypt(blob, "the queue's backup passphrase"))
    assert manifest["row_counts"]["users"] == 1
    assert stored_results(app) == []  # downloaded: gone
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count()).where(AuditEvent.action == "backup.created")
            )
            == 1
        )
