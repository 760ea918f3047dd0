"""Trainer content never runs script in another person's browser.

Every payload of the corpus is saved, through the authoring services the forms use, into
every field a trainer controls; a trainee then opens every page that shows them, and a
co-trainer the workspace. The pages are opened with the Content Security Policy bypassed:
the test proves that the HTML itself is inert, not merely that the CSP blocks it.
"""

from flask import Flask

from tamkeen.accounts.models import User
from tamkeen.authoring import services
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course

from ..inert import active_content
from ..xss_corpus import PAYLOADS

# Fields shown as text (titles) are cut to the 200 characters a form accepts.
TITLE = 200
PER_PAGE = 8  # payloads in each lesson page's body and summary
WATCH = """
window.__dialogs = 0;
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function () { window.__dialogs += 1; };
}
"""


def _save_everything(app: Flask, owner_id: int, co_id: int, trainee_id: int) -> tuple[int, list]:
    """One course per payload (title, summary) and one carrier course whose module and
    lesson fields hold every payload; the trainee is enrolled in all of them.

    Every eighth lesson carries eight payloads in its body and summary, so that reading
    those lessons shows every payload in every field without opening 186 pages."""
    with app.app_context():
        owner, co = db.session.get(User, owner_id), db.session.get(User, co_id)
        carrier = services.create_course(
            owner, slug="carrier", language="en", title=PAYLOADS[0][:TITLE], summary=PAYLOADS[1]
        )
        services.add_trainer(owner, carrier, co)
        pages = []
        for number, payload in enumerate(PAYLOADS):
            module = services.add_module(
                owner, carrier, slug=f"m{number}", title=payload[:TITLE], summary=payload
            )
            text = "\n\n".join(PAYLOADS[number : number + PER_PAGE])
            text = text if number % PER_PAGE == 0 else payload
            lesson = services.add_lesson(
                co, module, slug=f"l{number}", title=payload[:TITLE], summary=text,
                body=text, minutes=None,
            )  # fmt: skip
            if number % PER_PAGE == 0:
                pages.append(lesson.id)
            course = services.create_course(
                owner, slug=f"c{number}", language="ar" if number % 2 else "fr",
                title=payload[:TITLE], summary=payload,
            )  # fmt: skip
            services.publish_course(owner, course)
        services.publish_course(owner, services.course_for_editing(carrier.id))
        trainee = db.session.get(User, trainee_id)
        for course in db.session.scalars(db.select(Course)):
            learning.enrol(trainee, course)
        db.session.commit()
        return carrier.id, pages


def _assert_nothing_ran(page, where: str, selectors: str) -> None:
    assert page.evaluate("window.__xss") is None, f"script ran on {where}"
    assert page.evaluate("window.__dialogs") == 0, f"a dialog opened on {where}"
    for html in page.locator(selectors).evaluate_all("els => els.map(e => e.innerHTML)"):
        assert active_content(html) == [], where


def _open(person, path: str, selectors: str, audit: bool = False):
    page = person.goto(path) if audit else person.page
    if not audit:
        page.goto(path)
    _assert_nothing_ran(page, path, selectors)
    return page


def test_no_payload_runs_for_trainees_or_co_trainers(app, make, browser):
    owner = make.user("owner", roles=("trainee", "trainer"))
    co = make.user("cotrainer", roles=("trainee", "trainer"))
    trainee = make.user("trainee")
    carrier_id, lessons = _save_everything(app, owner.id, co.id, trainee.id)
    assert len(PAYLOADS) >= 100 and len(lessons) == -(-len(PAYLOADS) // PER_PAGE)

    reader = browser(locale="en", bypass_csp=True)
    reader.context.add_init_script(WATCH)
    page = reader.goto("/sign-in")
    page.fill("#username", "trainee")
    page.fill("#password", "a long enough passphrase")
    reader.click("input[type=submit]")
    _open(reader, "/courses", "main .cards")
    _open(reader, "/learning", "main .cards")
    _open(reader, f"/courses/{carrier_id}", "main")
    for number, lesson_id in enumerate(lessons):
        path = f"/courses/{carrier_id}/lessons/{lesson_id}"
        _open(reader, path, "article.lesson, .breadcrumb", audit=number == 0)

    editor = browser(locale="fr", bypass_csp=True)
    editor.context.add_init_script(WATCH)
    editor.sign_in("cotrainer")
    assert editor.page.url.endswith("/learning")  # signed in: the pages below are theirs
    _open(editor, "/teach/", "main td")
    _open(editor, f"/teach/courses/{carrier_id}", "main .outline-row > a, main h1")
    for lesson_id in lessons[:5]:
        _open(editor, f"/teach/lessons/{lesson_id}/history", "main .diff")


def test_the_harness_would_see_a_payload_that_ran(browser, live_server):
    """The check above can fail: the same browser set-up does catch script that runs."""
    person = browser(locale="en", bypass_csp=True)
    person.context.add_init_script(WATCH)
    page = person.page
    page.goto("/courses")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img src=x onerror=\"window.__xss=1;alert(1)\">')"
    )
    page.wait_for_function("window.__xss === 1")
    assert page.evaluate("window.__dialogs") == 1
    assert active_content('<img src=x onerror="window.__xss=1">') == ["img[onerror]"]
