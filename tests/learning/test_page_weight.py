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

    assert len(LONG_LESSON.split()) > 800
    total = page_weight(client, f"/courses/{course.id}/lessons/{lesson.id}")
    assert total < BUDGET, f"{total} bytes compressed"


def page_weight(client, path: str) -> int:
    """The page and the stylesheets and scripts it loads, each compressed."""
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data()
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assert assets, "the page should load its stylesheet"
    total = compressed_size(html)
    for url in set(assets):
        with client.get(url.decode()) as asset:
            assert asset.status_code == 200
            total += compressed_size(asset.get_data())
    return total


def test_the_lesson_editor_with_its_preview_and_images_stays_under_30_kb(app, client, make, auth):
    """The trainer's editor: the long lesson twice (text and preview), its script, the image
    control offering twenty images; also on slow connections."""
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    lesson = course.modules[0].lessons[0]
    with app.app_context():
        from tamkeen.authoring import images
        from tamkeen.authoring.image_cleaning import clean_image
        from tamkeen.extensions import db
        from tamkeen.learning.models import Course, Lesson

        from ..authoring.pictures import drawing

        db.session.get(Lesson, lesson.id).body = LONG_LESSON
        clean = clean_image(drawing(20, 10))
        for n in range(20):
            images.store_image(db.session.get(Course, course.id), f"picture-{n}.png", clean)
        db.session.commit()
    auth.login("rania")
    response = client.post_form(
        f"/teach/lessons/{lesson.id}",
        {"title": "Lesson", "slug": lesson.slug, "body": LONG_LESSON, "preview": "Preview"},
    )
    assert response.status_code == 200 and b"picture-19.png" in response.data
    assert response.data.count(b"A sentence of an ordinary lesson") >= 2 * 160
    html = response.get_data()
    total = compressed_size(html)
    for url in set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)):
        with client.get(url.decode()) as asset:
            total += compressed_size(asset.get_data())
    assert b"authoring.js" in html
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
