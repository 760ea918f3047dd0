"""What the server gives for offline reading: the course's addresses (only to an enrolled
trainee), the service worker at the root, the manifest, the offline and saved pages, a
queued "Mark as complete", and the budgets of what every page gains."""

import gzip
import json
import re

from sqlalchemy import func, select

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db
from tamkeen.learning.models import LessonProgress

BUDGET = 6 * 1024
QUICK_EXIT = "/static/js/quick-exit.js"


def test_an_enrolled_trainee_gets_the_addresses_of_the_whole_course(client, make, auth):
    course = make.course("Rights online", modules=2, lessons=3)
    user = make.user("amal")
    make.enrol(user, course)
    auth.login("amal")
    response = client.get(f"/courses/{course.id}/offline.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    urls = response.get_json()["urls"]
    lessons = [lesson.id for module in course.modules for lesson in module.lessons]
    assert urls[0] == f"/courses/{course.id}"
    assert [f"/courses/{course.id}/lessons/{n}" for n in lessons] == urls[1:7]
    paths = [url.split("?")[0] for url in urls]  # static files carry ?v=<their hash>
    for needed in ("/static/css/tamkeen.css", "/static/js/offline.js", "/offline"):
        assert needed in paths
    assert "/learning/saved" in urls
    for url in urls:  # every address answers, so that saving never stores an error
        assert client.get(url).status_code == 200, url


def test_an_open_attempt_s_questions_are_saved_so_they_can_be_answered_offline(client, make, auth):
    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course)
    make.user("amal")
    make.enrol(make.user("nadia"), course)
    user = make.user("omar")
    make.enrol(user, course)
    auth.login("omar")
    start = client.post_form(f"/courses/{course.id}/quizzes/{quiz.id}/start")
    attempt_page = start.headers["Location"]
    urls = client.get(f"/courses/{course.id}/offline.json").get_json()["urls"]
    assert f"/courses/{course.id}/quizzes/{quiz.id}" in urls
    assert attempt_page in urls


def test_the_addresses_are_refused_to_anyone_not_enrolled(client, make, auth):
    course = make.course()
    draft = make.course("Not yet", status="draft")
    make.user("amal")
    assert client.get(f"/courses/{course.id}/offline.json").status_code == 302  # sign in
    auth.login("amal")
    assert client.get(f"/courses/{course.id}/offline.json").status_code == 404
    assert client.get(f"/courses/{draft.id}/offline.json").status_code == 404
    assert client.get("/courses/999999/offline.json").status_code == 404


def test_the_service_worker_is_served_from_the_root_and_never_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # the root scope needs none
    response.close()


def test_the_manifest_opens_the_start_page_in_the_person_s_language(client):
    arabic = json.loads(client.get("/manifest.webmanifest?lang=ar").get_data())
    assert arabic["name"] == "تمكين"
    assert arabic["dir"] == "rtl"
    assert arabic["start_url"] == "/?lang=ar"
    home = client.get(arabic["start_url"]).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in home
    french = client.get("/manifest.webmanifest?lang=fr")
    assert french.mimetype == "application/manifest+json"
    assert json.loads(french.get_data())["start_url"] == "/?lang=fr"
    for icon in json.loads(french.get_data())["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200


def test_an_unknown_language_in_the_manifest_is_ignored(client):
    body = json.loads(client.get("/manifest.webmanifest?lang=xx").get_data())
    assert body["lang"] == "en"
    assert body["start_url"] == "/?lang=en"


def test_every_page_links_the_manifest_and_never_asks_to_install(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=en">' in html
    scripts = "".join(
        (PROJECT_ROOT / "static" / "js" / name).read_text()
        for name in ("offline.js", "sw.js", "quick-exit.js")
    )
    assert "beforeinstallprompt" not in scripts and ".prompt(" not in scripts


def test_without_javascript_the_course_page_names_the_handbook_as_the_offline_copy(
    client, make, auth
):
    course = make.course()
    make.enrol(make.user("amal"), course)
    auth.login("amal")
    html = client.get(f"/courses/{course.id}").get_data(as_text=True)
    fallback = re.search(r"<p data-offline-fallback>([^<]+)</p>", html)
    assert "handbook (PDF)" in fallback.group(1)
    assert re.search(r"<p hidden data-offline-save=\"/courses/\d+/offline.json\"", html)


def test_saved_and_offline_pages_have_a_fallback_sentence(client):
    saved = client.get("/learning/saved").get_data(as_text=True)
    assert "needs JavaScript and a secure connection" in saved
    assert client.get("/offline").status_code == 200


def test_a_queued_completion_is_counted_once_however_often_it_is_sent(app, client, make, auth):
    course = make.course(modules=1, lessons=2)
    lesson = course.modules[0].lessons[0]
    make.enrol(make.user("amal"), course)
    auth.login("amal")
    url = f"/courses/{course.id}/lessons/{lesson.id}/complete"
    for _ in range(3):
        assert client.post_form(url, {"autosave": "1"}).status_code == 204
    with app.app_context():
        count = db.session.scalar(select(func.count(LessonProgress.id)))
    assert count == 1


def test_a_queued_completion_for_a_course_not_enrolled_is_refused(app, client, make, auth):
    course = make.course(modules=1, lessons=1)
    lesson = course.modules[0].lessons[0]
    make.user("amal")
    auth.login("amal")
    url = f"/courses/{course.id}/lessons/{lesson.id}/complete"
    assert client.post_form(url, {"autosave": "1"}).status_code == 404
    assert client.post_form(url, {"autosave": "yes"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(LessonProgress.id))) == 0


def test_the_service_worker_and_its_registration_add_at_most_6_kb(client, make, auth):
    """Compressed, as the lesson budget is counted: the script every signed-in page loads,
    the markup it reads, the manifest, the worker itself (fetched once), and the whole of
    quick-exit.js, which now also erases what was saved."""
    course = make.course(modules=1, lessons=1)
    make.enrol(make.user("amal"), course)
    auth.login("amal")
    lesson = course.modules[0].lessons[0]
    html = client.get(f"/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)
    added = re.search(r'<div id="offline".*?</div>', html, re.S).group(0)
    added += re.search(r'<link rel="manifest"[^>]*>', html).group(0)
    added += re.search(r'<script src="/static/js/offline.js[^"]*"[^>]*></script>', html).group(0)
    total = len(gzip.compress(added.encode(), 6))
    for url in ("/static/js/offline.js", "/sw.js", "/manifest.webmanifest", QUICK_EXIT):
        with client.get(url) as response:
            total += len(gzip.compress(response.get_data(), 6))
    print(f"offline additions: {total} bytes compressed")
    assert total <= BUDGET, f"{total} bytes compressed"
