"""The lesson page, everything it loads included, stays under 30 KB compressed."""

import gzip
import re

BUDGET = 30 * 1024

LONG_LESSON = (
    "## A section\n\n" + "A sentence of an ordinary lesson, for a phone. " * 20 + "\n\n"
) * 8


def compressed_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def test_lesson_page_with_everything_it_loads_is_under_30_kb_compressed(app, client, make, auth):
    course = make.course()
    lesson = course.modules[0].lessons[0]
    with app.app_context():
        from tamkeen.extensions import db
        from tamkeen.learning.models import Lesson

        db.session.get(Lesson, lesson.id).body = LONG_LESSON
        db.session.commit()
    user = make.user("amal")
    make.enrol(user, course)
    auth.login("amal")

    page = client.get(f"/courses/{course.id}/lessons/{lesson.id}")
    html = page.get_data()
    assert len(LONG_LESSON.split()) > 800
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assert assets, "the page should load its stylesheet"
    total = compressed_size(html)
    for url in set(assets):
        with client.get(url.decode()) as asset:
            assert asset.status_code == 200
            total += compressed_size(asset.get_data())
    assert total < BUDGET, f"{total} bytes compressed"


def test_pages_load_nothing_from_another_host(client, make):
    course = make.course()
    lesson = course.modules[0].lessons[0]
    for url in [
        "/",
        "/courses",
        f"/courses/{course.id}",
        f"/courses/{course.id}/lessons/{lesson.id}",
        "/sign-in",
        "/register",
    ]:
        html = client.get(url).get_data(as_text=True)
        # Links people follow may leave (the quick exit does); nothing may be loaded.
        assert not re.search(r'(?:src|<link[^>]*href)="(?:https?:)?//', html), url
