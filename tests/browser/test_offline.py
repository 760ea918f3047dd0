"""Courses saved on the phone and answers that wait for the network, in a real Chromium.

A trainee saves a course, loses the network, reads three lessons and an image, marks a
lesson complete and answers a question; when the network is back the server has each
exactly once. Quick exit and signing out leave nothing of the course readable. The live
server is on 127.0.0.1, a secure context, so the service worker runs as on HTTPS.
"""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlalchemy import select, update

from tamkeen.authoring import images
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.learning.models import Lesson, LessonProgress
from tamkeen.quizzes.models import Attempt, Response

from ..authoring.pictures import drawing
from ..factories import EVERY_KIND

SAVED = {
    "en": "Saved on this device.",
    "ar": "حُفظت على هذا الجهاز.",
    "fr": "Enregistré sur cet appareil.",
}
SENT = {"en": "Sent.", "ar": "أُرسلت."}
WAITING = {"en": "Waiting to send ({})", "ar": "في انتظار الإرسال ({})"}


def add_an_image(app, course) -> None:
    """An image in the second lesson (after enrolling: merging the factory's course object
    into a session would write its old lesson bodies back)."""
    with app.app_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[1].id)
        images.store_image(lesson.course, "map.png", clean_image(drawing()))
        lesson.body = "## A map\n\n![A map of the region](images/map.png)\n\nRead it."
        db.session.commit()


def lesson_urls(course) -> list[str]:
    return [
        f"/courses/{course.id}/lessons/{lesson.id}"
        for module in course.modules
        for lesson in module.lessons
    ]


def start_quiz(person, course, quiz) -> str:
    """Start an attempt online (its questions are drawn by the server); the first page."""
    person.page.goto(f"/courses/{course.id}/quizzes/{quiz.id}")
    with person.page.expect_navigation():
        person.page.click("main form[action$='/start'] [type=submit]")
    return person.page.url.removeprefix(person.base_url)


def save_course(person, course, language: str):
    page = person.goto(f"/courses/{course.id}")
    expect(page.locator("[data-offline-fallback]")).to_be_hidden()
    page.click("[data-offline-save] button")
    expect(page.locator("[data-offline-save] [role=status]")).to_have_text(SAVED[language])
    person.audit()


def set_offline(person, offline: bool) -> None:
    person.context.set_offline(offline)


def offline_journey(app, browser, make, language: str, **quiz_settings):
    course = make.course("Rights online", language=language, modules=2, lessons=3)
    quiz = make.quiz(course, questions=EVERY_KIND[:1], **quiz_settings)
    user = make.user("amal", locale=language)
    make.enrol(user, course)
    add_an_image(app, course)
    person = browser(locale=language)
    person.sign_in("amal", audit=False)
    question_url = start_quiz(person, course, quiz)
    save_course(person, course, language)
    return course, quiz, user, person, question_url


def read_offline(person, course) -> None:
    """Three lessons and an image, with the network off; each says when it was saved."""
    page = person.page
    for url in lesson_urls(course)[:3]:
        page.goto(url)
        expect(page.locator("article.lesson h1")).to_be_visible()
        expect(page.locator("#offline-note")).to_be_visible()
    page.goto(lesson_urls(course)[1])
    expect(page.locator("article.lesson img")).to_have_count(1)
    assert page.evaluate(
        "() => { const i = document.querySelector('article.lesson img');"
        " return i.complete && i.naturalWidth > 0; }"
    )


def answer_offline(person, question_url: str, quiz, language: str) -> str:
    page = person.page
    page.goto(question_url)
    right = next(c for c in quiz.questions[0].data["choices"] if c["weight"] > 0)["id"]
    page.check(f"input[name='answer'][value='{right}']")
    status = page.locator("#save-status")
    expect(status).to_have_text(status.get_attribute("data-queued"))
    return right


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_saved_course_reads_and_answers_offline_and_sends_once_online(
    app, browser, make, language
):
    course, quiz, user, person, question_url = offline_journey(app, browser, make, language)
    page = person.page
    set_offline(person, True)
    read_offline(person, course)

    second = lesson_urls(course)[1]
    page.goto(second)
    page.click("form[data-offline-queue] [type=submit]")
    expect(page.locator("#outbox-status")).to_have_text(WAITING[language].format(1))
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    right = answer_offline(person, question_url, quiz, language)
    expect(page.locator("#outbox-status")).to_have_text(WAITING[language].format(2))
    page.goto(f"/courses/{course.id}/lessons/{course.modules[1].lessons[2].id}")
    expect(page.locator("article.lesson h1")).to_be_visible()  # still readable, still waiting
    expect(page.locator("#outbox-status")).to_have_text(WAITING[language].format(2))

    set_offline(person, False)
    expect(page.locator("#outbox-status")).to_have_text(SENT[language])
    page.reload()  # a reload online sends nothing again: the outbox is empty
    lesson_id = int(second.rsplit("/", 1)[1])
    with app.app_context():
        progress = db.session.scalars(
            select(LessonProgress).where(LessonProgress.user_id == user.id)
        ).all()
        responses = db.session.scalars(select(Response)).all()
    assert [row.lesson_id for row in progress] == [lesson_id]
    assert len(responses) == 1
    assert right in str(responses[0].answer)
    person.audit()


def test_answers_kept_after_a_timed_quiz_s_deadline_are_reported_not_counted(app, browser, make):
    course, quiz, user, person, question_url = offline_journey(
        app, browser, make, "en", time_limit_minutes=10
    )
    set_offline(person, True)
    answer_offline(person, question_url, quiz, "en")
    with app.app_context():  # the server's clock passes the deadline while the phone waits
        db.session.execute(update(Attempt).values(deadline_at=utcnow().replace(year=2020)))
        db.session.commit()
    set_offline(person, False)
    expect(person.page.locator("#outbox-status")).to_have_text(
        "Not counted: sent after the quiz time was over (1)"
    )
    with app.app_context():  # time was up: the attempt is submitted with nothing answered
        assert [row.answer for row in db.session.scalars(select(Response))] == [None]
        assert db.session.scalar(select(Attempt.submitted_at)) is not None


def readable_offline(person, url: str) -> bool:
    set_offline(person, True)
    try:
        person.page.goto(url)
    except PlaywrightError:
        return False
    finally:
        set_offline(person, False)
    return person.page.locator("article.lesson h1").count() > 0


def storage(person) -> dict:
    return person.page.evaluate(
        """async () => ({
            caches: await caches.keys(),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
            databases: (await indexedDB.databases()).map(d => d.name),
        })"""
    )


def test_quick_exit_deletes_every_saved_page(app, browser, make, neutral_site):
    course, quiz, user, person, question_url = offline_journey(app, browser, make, "en")
    page = person.page
    lesson = lesson_urls(course)[0]
    assert readable_offline(person, lesson)
    set_offline(person, True)
    answer_offline(person, question_url, quiz, "en")  # one answer waits in the outbox
    set_offline(person, False)
    page.goto(f"/courses/{course.id}")
    with page.expect_navigation(url=neutral_site):
        page.click("[data-quick-exit]")
    assert not readable_offline(person, lesson)
    page.goto("/")
    assert storage(person) == {"caches": [], "workers": 0, "databases": []}


def test_signing_out_clears_the_site_data_even_without_the_script(app, browser, make):
    """The sign-out response's Clear-Site-Data header alone empties the caches, the outbox
    and the worker: the form is sent with form.submit(), which the page's script never sees."""
    course, quiz, user, person, question_url = offline_journey(app, browser, make, "en")
    page = person.page
    set_offline(person, True)
    answer_offline(person, question_url, quiz, "en")
    set_offline(person, False)
    page.goto("/")
    assert storage(person)["databases"] == ["tamkeen-outbox"]
    with page.expect_navigation():
        page.evaluate("() => document.querySelector('form[data-sign-out]').submit()")
    assert storage(person) == {"caches": [], "workers": 0, "databases": []}
    assert not readable_offline(person, lesson_urls(course)[0])


def test_the_saved_list_shows_each_course_with_its_size_and_removes_it(app, browser, make):
    course, quiz, user, person, question_url = offline_journey(app, browser, make, "ar")
    page = person.goto("/learning/saved")
    entry = page.locator("#saved-courses li")
    expect(entry).to_have_count(1)
    assert "Rights online" in entry.inner_text()
    assert "KB" in entry.inner_text()
    expect(page.locator("[data-offline-fallback]")).to_be_hidden()
    person.audit()
    entry.locator("button").click()
    expect(page.locator("#saved-status")).to_have_text("أُزيلت من هذا الجهاز.")
    expect(entry).to_have_count(0)
    assert storage(person)["caches"] == []
    assert not readable_offline(person, lesson_urls(course)[0])


def test_without_javascript_nothing_offline_is_offered_and_the_handbook_is_named(
    app, browser, make
):
    course = make.course("Rights online", modules=1, lessons=1)
    make.enrol(make.user("amal"), course)
    person = browser(javascript=False)
    person.sign_in("amal", audit=False)
    page = person.goto(f"/courses/{course.id}")
    expect(page.locator("[data-offline-fallback]")).to_be_visible()
    expect(page.locator("[data-offline-save]")).to_be_hidden()
    page = person.goto("/learning/saved")
    expect(page.locator("[data-offline-fallback]")).to_be_visible()


class ByteCounter:
    """WSGI middleware: the bytes of every response body the server sends, by path."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.sent: list[tuple[str, int]] = []

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        size = 0
        for chunk in self.wsgi_app(environ, start_response):
            size += len(chunk)
            yield chunk
        self.sent.append((path, size))

    def once_each(self) -> int:
        """What a browser with its own cache fetches: each address counted once (Playwright's
        routing turns the HTTP cache off, so repeated static files are not counted twice)."""
        return sum(dict(reversed(self.sent)).values())


def test_saving_a_20_lesson_course_costs_at_most_one_and_a_half_readings(app, browser, make):
    course = make.course("Rights online", modules=4, lessons=5)
    make.enrol(make.user("amal"), course)
    counter = ByteCounter(app.wsgi_app)
    app.wsgi_app = counter

    reader = browser()
    reader.sign_in("amal", audit=False)
    counter.sent.clear()
    reader.page.goto(f"/courses/{course.id}")
    for url in lesson_urls(course):
        reader.page.goto(url)
    assert len(lesson_urls(course)) == 20
    reading = counter.once_each()

    saver = browser()
    saver.sign_in("amal", audit=False)
    saver.page.goto(f"/courses/{course.id}")
    counter.sent.clear()
    saver.page.click("[data-offline-save] button")
    expect(saver.page.locator("[data-offline-save] [role=status]")).to_have_text(SAVED["en"])
    saving = counter.once_each()
    print(f"reading {reading} bytes, saving {saving} bytes: {saving / reading:.2f}×")
    assert saving <= 1.5 * reading


def test_a_lesson_edited_since_shows_the_new_text_once_read_online(app, browser, make):
    course, quiz, user, person, question_url = offline_journey(app, browser, make, "fr")
    page = person.page
    first = lesson_urls(course)[0]
    with app.app_context():
        lesson = db.session.get(Lesson, int(first.rsplit("/", 1)[1]))
        lesson.body = "## Nouveau\n\nLe texte a changé."
        db.session.commit()
    set_offline(person, True)
    page.goto(first)
    expect(page.locator("article.lesson h2")).to_have_text("Part 1.1")  # the saved copy
    set_offline(person, False)
    page.reload()
    expect(page.locator("article.lesson h2")).to_have_text("Nouveau")
    set_offline(person, True)
    page.goto(first)  # the saved copy was refreshed by that reading
    expect(page.locator("article.lesson h2")).to_have_text("Nouveau")
    expect(page.locator("#offline-note")).to_contain_text("Pas de connexion")
    page.goto("/papers")  # never saved: the small offline page answers
    expect(page.locator("h1")).to_have_text("Pas de connexion")
    person.audit()
    set_offline(person, False)
    page.goto("/")
    with page.expect_navigation():
        page.click("form[data-sign-out] button")  # the script's own erasure, then the header
    assert storage(person) == {"caches": [], "workers": 0, "databases": []}


def test_a_course_saved_by_someone_else_is_deleted_when_another_person_signs_in(app, browser, make):
    course, quiz, user, person, question_url = offline_journey(app, browser, make, "en")
    make.user("nadia")
    person.context.clear_cookies()  # Amal's session ran out without her signing out
    person.sign_in("nadia", audit=False)
    person.page.wait_for_function("async () => (await caches.keys()).length === 0")
    assert not readable_offline(person, lesson_urls(course)[0])


def test_a_question_s_buttons_offline_keep_the_answer_and_open_the_next_saved_question(
    app, browser, make
):
    course = make.course("Rights online", modules=1, lessons=1)
    quiz = make.quiz(course, questions=EVERY_KIND[:1] + EVERY_KIND[2:3])  # choice, true/false
    make.enrol(make.user("amal"), course)
    person = browser()
    person.sign_in("amal", audit=False)
    first = start_quiz(person, course, quiz)
    save_course(person, course, "en")
    page = person.page
    set_offline(person, True)
    page.goto(first)
    page.locator("input[name='answer']").first.check()
    page.click("button[value=next]")
    page.wait_for_url("**/questions/2")
    page.locator("input[name='answer']").first.check()
    page.click("button[value=stay]")
    expect(page.locator("#outbox-status")).to_have_text("Waiting to send (2)")
    set_offline(person, False)
    expect(page.locator("#outbox-status")).to_have_text("Sent.")
    with app.app_context():
        answers = [row.answer for row in db.session.scalars(select(Response))]
    assert len(answers) == 2 and None not in answers


def test_an_answer_whose_sending_fails_while_the_phone_says_online_is_kept(app, browser, make):
    """Wi-Fi joined, the laptop gone: the browser thinks it is online, the POST fails."""
    course, quiz, user, person, question_url = offline_journey(app, browser, make, "en")
    page = person.page
    page.goto(question_url)
    person.context.route("**/attempts/*/questions/*", lambda route: route.abort("failed"))
    right = answer_offline(person, question_url, quiz, "en")
    expect(page.locator("#outbox-status")).to_have_text("Waiting to send (1)")
    person.context.unroute("**/attempts/*/questions/*")
    page.goto("/courses")  # the next page opened online sends what waits
    expect(page.locator("#outbox-status")).to_have_text("Sent.")
    with app.app_context():
        answers = [row.answer for row in db.session.scalars(select(Response))]
    assert answers == [right]
