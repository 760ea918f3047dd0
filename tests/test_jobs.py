"""Long work off the request (platform/tamkeen/jobs/): with TAMKEEN_JOBS=queue a handbook not
yet made is one RQ job in Redis (a real one, started here), run by a real RQ worker; the page
says how far it got, is asked again with a link (no JavaScript), and offers the download once it is
made. Without the queue, the handbook is made in the request as before
(tests/learning/test_handbook.py)."""

import pytest
import redis
from rq import Queue, SimpleWorker

from tamkeen import create_app, pdf
from tamkeen.extensions import db
from tamkeen.jobs import worker
from tamkeen.jobs.pages import progress_page
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
