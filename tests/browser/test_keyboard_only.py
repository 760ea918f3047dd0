"""Every role's journey with the keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.1, 2.4.7): no click,
only Tab, Shift+Tab, Enter, Space, arrow keys and typing. Each page is audited by axe-core,
the skip link must move the focus to the content, every stop must show its focus, and
tabbing through a whole page must come back to its top (no trap)."""

from tamkeen.extensions import db
from tamkeen.quizzes.models import Quiz

from ..factories import EVERY_KIND, PASSWORD
from ..quizzes.helpers import right_form
from .keyboard import Keyboard

MATCHING_AND_ORDERING = EVERY_KIND[-2:]


def test_trainee_registers_reads_passes_a_quiz_and_gets_a_certificate_by_keyboard(
    app, browser, make
):
    course = make.course("Rights online", modules=1, lessons=1)
    quiz = make.quiz(course, questions=MATCHING_AND_ORDERING)
    assert [q.kind for q in quiz.questions] == ["matching", "ordering"]
    person = browser(locale="en")
    keys = Keyboard(person)
    page = person.goto("/")
    keys.skip_to_main()
    keys.cycles()

    keys.press("nav a[href='/register']")
    keys.type_into("#username", "nadia")
    keys.type_into("#password", PASSWORD)
    keys.type_into("#confirm", PASSWORD)
    keys.press("main [type=submit]", " ")  # Space presses a button too
    keys.press("p.no-print a.button:not([download])")  # "I have written them down"
    keys.press(f"main a[href='/courses/{course.id}']")
    keys.press("form[action$='/enrol'] button")
    assert "/lessons/" in page.url
    keys.skip_to_main()
    keys.press("form[action$='/complete'] button")
    if f"/quizzes/{quiz.id}" not in page.url:
        keys.press(f"main a[href='/courses/{course.id}/quizzes/{quiz.id}']")
    keys.press("form[action$='/start'] button", " ")

    for question in quiz.questions:
        for name, value in right_form(question).items():
            keys.choose(f"select[name='{name}']", str(value))
        keys.press("button[name=go][value=next]")
    assert page.url.endswith("/summary")
    keys.press("form[action$='/submit'] button")
    assert page.locator(".result.passed").count() == 1
    keys.cycles()

    keys.press(f"a[href='/courses/{course.id}']")
    keys.press(f"main a[href='/courses/{course.id}/certificate']")
    keys.tab_to("#name")
    page.keyboard.press("Control+A")
    page.keyboard.type("N. B.")
    keys.press("main [type=submit]")
    assert page.locator("code.code").count() == 1
    assert "N. B." in page.locator("main").inner_text()
    with app.app_context():
        assert db.session.get(Quiz, quiz.id) is not None
