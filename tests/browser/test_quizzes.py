"""A trainee takes a quiz with every kind of question in a real browser: without JavaScript
in Arabic, with it in English; reloads mid-attempt and finds every answer still there."""

import pytest
from playwright.sync_api import expect

from ..factories import EVERY_KIND
from ..quizzes.helpers import right_form
from .helpers import fill, sign_in

ARABIC_SHORT_ANSWER = {
    "kind": "short_answer",
    "name": "association",
    "prompt": "ما الكلمة التي تعني *association*؟",
    "answers": [{"text": "جمعيّة"}],
}


def order_with_buttons(page, question) -> None:
    """With JavaScript, ordering items move up with their buttons; the selects follow."""
    wanted = [item["text"] for item in question.data["items"]]
    for place, text in enumerate(wanted):
        while True:
            shown = page.locator("ol.ordering-items li label").all_inner_texts()
            current = shown.index(text)
            if current == place:
                break
            page.locator("ol.ordering-items li").nth(current).locator("button.move").first.click()


def wait_until_saved(page) -> None:
    status = page.locator("#save-status")
    expect(status).to_have_text(status.get_attribute("data-saved"))


def checked_answers(page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll('form[data-autosave] input, form[data-autosave] select')]
              .filter(e => e.name && e.name !== 'csrf_token')
              .filter(e => (e.type !== 'radio' && e.type !== 'checkbox') || e.checked)
              .map(e => [e.name + (e.type === 'checkbox' ? ':' + e.value : ''), e.value]))"""
    )


@pytest.mark.parametrize(("language", "javascript"), [("ar", False), ("en", True)])
def test_trainee_takes_a_quiz_of_every_kind_and_finds_answers_after_reload(
    browser, make, language, javascript
):
    questions = (
        EVERY_KIND if language == "en" else EVERY_KIND[:3] + [ARABIC_SHORT_ANSWER] + EVERY_KIND[4:]
    )
    course = make.course("Rights online", language=language, modules=1, lessons=1)
    quiz = make.quiz(course, questions=questions, shuffle_choices=True)
    user = make.user("trainee", locale=language)
    make.enrol(user, course)
    person = browser(locale=language, javascript=javascript)
    sign_in(person, "trainee")

    page = person.goto(f"/courses/{course.id}")  # the quiz comes after the module's lessons
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    person.click(f"a[href='/courses/{course.id}/quizzes/{quiz.id}']")
    person.click("form[action$='/start'] button")
    attempt_url = page.url.rsplit("/questions/", 1)[0]

    answered = {}
    for number, question in enumerate(quiz.questions, start=1):
        assert page.url.endswith(f"/questions/{number}")
        typed = right_form(question)
        if question.kind == "short_answer" and language == "ar":
            typed = {"answer": "جمعيه"}  # without the shadda, with ه: still right
        if javascript and question.kind == "ordering":
            order_with_buttons(page, question)
        else:
            if question.kind == "ordering":  # without JavaScript: two items in one place
                for name in typed:
                    page.select_option(f"select[name='{name}']", "1")
                with page.expect_navigation():
                    page.click("button[name=go][value=stay]")
                assert page.locator(".error-summary").count() == 1
                assert page.locator("select[aria-invalid=true]").count() == len(typed)
                person.audit()
            fill(page, question, typed)
        if javascript:
            wait_until_saved(page)  # saved as it changed, before any button is pressed
        answered[number] = checked_answers(page)
        if number == 4:
            # Mid-attempt: the page reloads (or the phone drops the connection). Pages seen
            # again are not audited again: axe-core already checked each one.
            if javascript:
                page.reload()
            else:
                with page.expect_navigation():
                    page.click("button[name=go][value=stay]")
            assert checked_answers(page) == answered[4]
            page.goto(f"{attempt_url}/questions/1")
            assert checked_answers(page) == answered[1]
            page.goto(f"{attempt_url}/questions/4")
        person.click("button[name=go][value=next]")
        expect(page.locator(".flashes .flash-success")).to_have_count(1)  # "… is saved."

    assert page.url.endswith("/summary")
    for number in answered:  # every answer is still there
        page.goto(f"{attempt_url}/questions/{number}")
        assert checked_answers(page) == answered[number], number
    page.goto(f"{attempt_url}/summary")
    person.click("form[action$='/submit'] button")
    text = page.locator("main").inner_text()
    assert "(100%)" in text
    assert page.locator(".result.passed").count() == 1
    # The review shows each question's answer: its radios are a group of their own.
    assert page.locator("input[type=radio]:checked").count() == 2  # single choice, true/false
    # Course, quiz, questions, summary, result; without JavaScript the refused ordering too.
    assert len(person.audited) == len(questions) + (4 if javascript else 5)


def test_trainer_pages_are_accessible(browser, make):
    from tamkeen.extensions import db
    from tamkeen.quizzes import services

    course = make.course(modules=1, lessons=1)
    quiz = make.quiz(course)
    trainee = make.user("amal")
    with make.app.app_context():  # one submitted attempt, so that the tables have figures
        attempt = services.start_attempt(trainee, db.session.merge(quiz))
        services.submit(trainee, attempt.id)
        db.session.commit()
    make.user("root", roles=("trainee", "admin"), locale="ar")
    person = browser(locale="ar")
    sign_in(person, "root")
    page = person.goto(f"/quizzes/{quiz.id}/statistics")
    assert page.locator("section.question-stats").count() == len(EVERY_KIND)
    person.goto(f"/quizzes/{quiz.id}/gift")
    page.set_input_files("input[type=file]", files=[{
        "name": "questions.gift", "mimeType": "text/plain",
        "buffer": b"::essay::Tell us.{}\n\n::fine::Kept?{T}\n\n"
        b'::picture::[html]What is this? <img src="x.png">{=a cat ~a dog}\n'}])  # fmt: skip
    person.click("form[enctype] input[type=submit]")
    assert page.locator("section[role=status] li").count() == 1  # the picture, skipped
