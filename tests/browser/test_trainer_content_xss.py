"""Trainer content never runs script in another person's browser.

Every payload of the corpus is saved, through the authoring services the forms use, into
every field a trainer controls; a trainee then opens every page that shows them, and a
co-trainer the workspace. Quizzes too: their titles, and every field of every kind of
question, which a trainee meets taking the quiz and reviewing it. Policy papers, which
trainers publish too, in the library and on a paper's page. The pages are opened with
the Content Security Policy bypassed: the test proves that the HTML itself is inert, not
merely that the CSP blocks it.
"""

from datetime import date

from flask import Flask

from tamkeen.accounts.models import User
from tamkeen.authoring import services
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course
from tamkeen.papers import services as papers
from tamkeen.papers.services import PAPERS_PER_PAGE
from tamkeen.quizzes import bank, editing
from tamkeen.quizzes.spec import QuizSpec

from ..factories import read_specs
from ..inert import active_content
from ..xss_corpus import PAYLOADS
from .helpers import WATCH

# Fields shown as text (titles) are cut to the 200 characters a form accepts.
TITLE = 200
PER_PAGE = 8  # payloads in each lesson page's body and summary


def _save_everything(app: Flask, owner_id: int, co_id: int, trainee_id: int) -> tuple[int, list]:
    """One course per payload (title, summary) and one carrier course whose module, lesson
    and module quiz fields hold every payload; the trainee is enrolled in all of them.

    Every eighth lesson carries eight payloads in its body and summary, so that reading
    those lessons shows every payload in every field without opening 186 pages."""
    ready = read_specs([{"kind": "true_false", "prompt": "Ready?", "answer": True}])[0]
    with app.app_context():
        owner, co = db.session.get(User, owner_id), db.session.get(User, co_id)
        carrier = services.create_course(
            slug="carrier", language="en", title=PAYLOADS[0][:TITLE], summary=PAYLOADS[1], by=owner
        )
        services.add_trainer(carrier, co, by=owner)
        pages = []
        for number, payload in enumerate(PAYLOADS):
            module = services.add_module(
                carrier, slug=f"m{number}", title=payload[:TITLE], summary=payload, by=owner
            )
            text = "\n\n".join(PAYLOADS[number : number + PER_PAGE])
            text = text if number % PER_PAGE == 0 else payload
            lesson = services.add_lesson(
                module, slug=f"l{number}", title=payload[:TITLE], summary=text,
                body=text, minutes=None,by=co)  # fmt: skip
            if number % PER_PAGE == 0:
                pages.append(lesson.id)
            quiz = editing.create_quiz(carrier, module, QuizSpec(title=payload[:TITLE]), by=owner)
            bank.add_question(quiz, ready)
            course = services.create_course(
                slug=f"c{number}", language="ar" if number % 2 else "fr",
                title=payload[:TITLE], summary=payload,by=owner)  # fmt: skip
            services.publish_course(course, by=owner)
        services.publish_course(services.course_for_editing(carrier.id), by=owner)
        trainee = db.session.get(User, trainee_id)
        for course in db.session.scalars(db.select(Course)):
            learning.enrol(trainee, course)
        db.session.commit()
        return carrier.id, pages


def _save_papers(app: Flask, owner_id: int) -> int:
    """A paper per payload (title, summary, author), as the paper form saves them, and one
    whose authors are every payload; the latter's id."""
    with app.app_context():
        owner = db.session.get(User, owner_id)
        for number, payload in enumerate([*PAYLOADS, PAYLOADS[2]]):
            paper = papers.save_paper(
                None, by=owner, body=payload, upload=None, fields={
                    "title": payload[:TITLE], "summary": payload, "authors": [payload],
                    "language": "ar" if number % 2 else "fr", "topic": "advocacy",
                    "published_on": date(2026, 11, 1),
                },
            )  # fmt: skip
        paper.authors = list(PAYLOADS)
        db.session.commit()
        return paper.id


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
    every_author = _save_papers(app, owner.id)
    assert len(PAYLOADS) >= 100 and len(lessons) == -(-len(PAYLOADS) // PER_PAGE)

    reader = browser(locale="en", bypass_csp=True)
    reader.context.add_init_script(WATCH)
    page = reader.goto("/sign-in")
    page.fill("#username", "trainee")
    page.fill("#password", "a long enough passphrase")
    reader.click("input[type=submit]")
    _open(reader, "/courses?language=all", "main .cards")
    _open(reader, "/learning", "main .cards")
    _open(reader, f"/courses/{carrier_id}", "main")
    # What is still to do for a certificate: every lesson's and every quiz's title.
    page = _open(reader, f"/courses/{carrier_id}/certificate", "main")
    assert page.locator("main ul[lang] > li").count() == 2 * len(PAYLOADS)
    shown = 0
    for number in range(1, -(-(len(PAYLOADS) + 1) // PAPERS_PER_PAGE) + 1):
        shown += (
            _open(reader, f"/papers?page={number}&language=all", "main .cards")
            .locator(".card")
            .count()
        )
    assert shown == len(PAYLOADS) + 1
    _open(reader, f"/papers/{every_author}", "main article")
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


# -- quizzes -----------------------------------------------------------------------------

FEEDBACK_LIMIT = 2000  # a choice's, a side's or an answer's feedback


def _bundles() -> list[str]:
    """Every payload, packed into texts that a 2,000-character feedback field accepts."""
    bundles, current = [], []
    for payload in PAYLOADS:
        if current and len("\n\n".join([*current, payload])) > FEEDBACK_LIMIT:
            bundles.append("\n\n".join(current))
            current = []
        current.append(payload)
    return [*bundles, "\n\n".join(current)]


def _chunks(size: int) -> list[list[str]]:
    return [PAYLOADS[start : start + size] for start in range(0, len(PAYLOADS), size)]


def _feedback_questions(bundle: str, chunk: list[str]) -> tuple[list[dict], list[dict]]:
    """One question of each kind whose feedback shows only for the answer given: that
    answer's feedback is ``bundle``; the payloads of ``chunk`` fill the other fields."""
    questions = [
        {"kind": "single_choice", "name": chunk[0][:100], "prompt": chunk[0],
         "choices": [{"text": "pick", "correct": True, "feedback": bundle},
                     *({"text": p} for p in chunk)]},
        {"kind": "true_false", "prompt": chunk[1], "answer": True, "feedback_true": bundle},
        {"kind": "true_false", "prompt": chunk[2], "answer": True, "feedback_false": bundle},
        {"kind": "short_answer", "prompt": chunk[3],
         "answers": [{"text": "typed", "feedback": bundle}, *({"text": p} for p in chunk)]},
        {"kind": "numeric", "prompt": chunk[4], "answers": [{"value": 7, "feedback": bundle}]},
    ]  # fmt: skip
    given = [{"pick": "pick"}, {"side": "true"}, {"side": "false"}, {"type": "typed"},
             {"type": "7"}]  # fmt: skip
    return questions, given


def _hostile_questions() -> tuple[list[dict], list[dict]]:
    """Questions of every kind with every payload in every field a trainee can see, and
    the answer to give to each, so that every feedback shows in the review.

    Feedback shows only for what a trainee picked or typed, so each bundle of payloads is
    the feedback of the answer given; in the multiple response question every choice is
    ticked, and its choices, prompt and general feedback hold every payload at once."""
    everything, bundles = "\n\n".join(PAYLOADS), _bundles()
    choices = [
        {"text": p, "correct": n == 0, "feedback": bundles[n] if n < len(bundles) else ""}
        for n, p in enumerate(PAYLOADS)
    ]
    questions = [{"kind": "multiple_response", "name": PAYLOADS[0][:100], "prompt": everything,
                  "feedback": everything, "choices": choices}]  # fmt: skip
    given = [{"all": True}]
    size = -(-len(PAYLOADS) // len(bundles))
    for bundle, chunk in zip(bundles, _chunks(size), strict=True):
        more, answers = _feedback_questions(bundle, chunk)
        questions, given = questions + more, given + answers
    chunks = _chunks(47)  # four pages each: a select per item, an option per match
    for n, chunk in enumerate(chunks):
        pairs = [{"prompt": p, "match": p} for p in chunk]
        questions += [
            {"kind": "matching", "prompt": chunk[-1], "pairs": pairs,
             "distractors": chunks[(n + 1) % len(chunks)]},
            {"kind": "ordering", "prompt": chunk[0], "items": chunk},
        ]  # fmt: skip
        given += [{}, {}]
    return questions, given


def _answer(page, given: dict) -> None:
    if given.get("all"):
        page.evaluate("document.querySelectorAll('.answer input[type=checkbox]')"
                      ".forEach(box => { box.checked = true; })")  # fmt: skip
    elif "pick" in given:
        page.check("xpath=//label[normalize-space()='pick']/preceding-sibling::input")
    elif "side" in given:
        page.check(f"input[name=answer][value={given['side']}]")
    elif "type" in given:
        page.fill("input[name=answer]", given["type"])


def test_no_quiz_payload_runs_for_a_trainee_taking_and_reviewing_it(app, make, browser):
    owner = make.user("owner", roles=("trainee", "trainer"))
    co = make.user("cotrainer", roles=("trainee", "trainer"))
    trainee = make.user("trainee")
    course = make.course(owner=owner, modules=1, lessons=1)
    make.co_trainer(course, co)
    make.enrol(trainee, course)
    questions, answers = _hostile_questions()
    with app.app_context():
        quiz = editing.create_quiz(
            db.session.get(Course, course.id), None,
            QuizSpec(title=PAYLOADS[1][:TITLE]),by=db.session.get(User, owner.id))  # fmt: skip
        bank.write_questions(quiz, read_specs(questions))
        editing.publish_quiz(quiz, by=db.session.get(User, owner.id))
        db.session.commit()
        quiz_id = quiz.id

    reader = browser(locale="ar", bypass_csp=True)
    reader.context.add_init_script(WATCH)
    page = reader.goto("/sign-in")
    page.fill("#username", "trainee")
    page.fill("#password", "a long enough passphrase")
    reader.click("input[type=submit]")
    regions = "main h1, .breadcrumb, .question, ol.review"
    _open(reader, f"/courses/{course.id}", "main")
    _open(reader, f"/courses/{course.id}/quizzes/{quiz_id}", regions)
    with page.expect_navigation():
        page.click("form[action$='/start'] button")
    for number in range(1, len(questions) + 1):
        assert page.url.endswith(f"/questions/{number}")
        _assert_nothing_ran(page, page.url, regions)
        _answer(page, answers[number - 1])
        with page.expect_navigation():
            page.click("button[name=go][value=next]")
    assert page.url.endswith("/summary")
    with page.expect_navigation():
        page.click("form[action$='/submit'] button")
    assert "/attempts/" in page.url and page.locator("ol.review > li").count() == len(questions)
    _assert_nothing_ran(page, "the review", regions)
    feedback = page.locator("ol.review .feedback").all_inner_texts()
    # The general feedback, then each bundle once in a choice and once in each other kind.
    assert len(feedback) == 1 + len(_bundles()) + 5 * len(_bundles())

    editor = browser(locale="fr", bypass_csp=True)
    editor.context.add_init_script(WATCH)
    page = editor.goto("/sign-in")
    page.fill("#username", "cotrainer")
    page.fill("#password", "a long enough passphrase")
    editor.click("input[type=submit]")
    _open(editor, f"/teach/courses/{course.id}", "main .outline-quiz, main h1")
    _open(editor, f"/teach/quizzes/{quiz_id}", "main h1, ol.questions .excerpt")
    _open(editor, f"/quizzes/{quiz_id}/statistics", "main section.card, main h1")
