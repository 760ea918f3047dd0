"""A handbook made by the job queue, as a person sees it: in Arabic, on a phone, JavaScript
off. The page says it is waiting, "Check again" asks again, and once the worker has made
the handbook the page offers its download. TAMKEEN_SHOTS=folder keeps screenshots."""

import os
from pathlib import Path

import pytest
import redis
from rq import SimpleWorker

from tamkeen.jobs import worker
from tamkeen.jobs.queue import QUEUE

from ..app_servers import redis_server
from ..conftest import fresh_app

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def app(database_url, tmp_path):
    (tmp_path / "redis").mkdir()
    with (
        redis_server(tmp_path / "redis") as url,
        fresh_app(database_url, tmp_path / "data", REDIS_URL=url, JOBS="queue") as app,
    ):
        yield app


def shoot(page, name: str) -> None:
    folder = os.environ.get("TAMKEEN_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for size, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
            page.set_viewport_size(viewport)
            page.screenshot(path=str(Path(folder) / f"{name}-{size}.png"), full_page=True)
        page.set_viewport_size(PHONE)


def test_a_queued_handbook_waits_is_checked_again_and_downloads(app, browser, make):
    course = make.course("دليل في الطابور", language="ar", modules=1, lessons=1)
    person = browser(locale="ar", javascript=False, viewport=PHONE)
    page = person.goto(f"/courses/{course.id}/handbook")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("[role=status]").inner_text().strip() == "في انتظار دوره في الإعداد."
    person.click("main .actions a")  # "Check again": still waiting
    assert page.locator("[role=status]").inner_text().strip() == "في انتظار دوره في الإعداد."
    shoot(page, "job-waiting-ar")

    worker.app = app
    try:
        SimpleWorker([QUEUE], connection=redis.Redis.from_url(app.config["REDIS_URL"])).work(
            burst=True
        )
    finally:
        worker.app = None

    person.click("main .actions a")
    assert page.locator("[role=status]").inner_text().strip() == "الوثيقة جاهزة."
    shoot(page, "job-ready-ar")
    with page.expect_download() as download:
        page.click("main a[download]")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
