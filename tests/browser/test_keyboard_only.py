"""Every role's journey with the keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.1, 2.4.7): no click,
only Tab, Shift+Tab, Enter, Space, arrow keys and typing. Each page is audited by axe-core,
the skip link must move the focus to the content, every stop must show its focus, and
tabbing through a whole page must come back to its top (no trap)."""

from tamkeen.extensions import db
from tamkeen.quizzes.models import Quiz

from ..factories import EVERY_KIND, PASSWORD, totp_code
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


def sign_in_by_keyboard(keys: Keyboard, app, username: str) -> None:
    """The sign-in form and its second step (staff have two-step sign-in), by keyboard."""
    keys.page.goto("/sign-in")
    keys.type_into("#username", username)
    keys.type_into("#password", PASSWORD)
    keys.press("main [type=submit]")
    keys.type_into("#code", totp_code(app, username))
    keys.press("main [type=submit]")
    assert "/sign-in" not in keys.page.url


def test_trainer_writes_a_lesson_and_a_quiz_by_keyboard(app, browser, make):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, modules=1, lessons=1)
    module = course.modules[0]
    keys = Keyboard(browser(locale="en"))
    sign_in_by_keyboard(keys, app, "rania")
    page = keys.page
    page.goto(f"/teach/courses/{course.id}")
    keys.skip_to_main()
    keys.press(f"a[href='/teach/modules/{module.id}/lessons/new']")
    keys.type_into("#title", "Keyboards")
    keys.type_into("#body", "Tab leaves this box: it is no trap.")
    keys.cycles()  # through the editor and its live preview, back to the top
    keys.press("#submit")
    assert page.locator(".flashes").count() == 1
    keys.press(f"a[href='/teach/courses/{course.id}']", back=True)  # Shift+Tab, backwards
    keys.press(f"a[href='/teach/modules/{module.id}/quiz/new']")
    keys.type_into("#title", "Check")
    keys.press("form [type=submit]")
    keys.choose("#kind", "true_false")
    keys.press("form.filters button")
    keys.type_into("#prompt", "Opinions are free.")
    keys.tab_to("input[name=answer]")
    page.keyboard.press("Space")
    keys.press("#submit")
    keys.press("form[action$='/publish'] button")
    with app.app_context():
        quiz = db.session.scalar(db.select(Quiz).where(Quiz.module_id == module.id))
        assert quiz.is_published and len(quiz.questions) == 1


def test_organizer_creates_a_cohort_and_downloads_its_report_by_keyboard(
    app, browser, make, tmp_path
):
    make.user("olfa", roles=("organizer",))
    course = make.course()
    keys = Keyboard(browser(locale="fr"))
    sign_in_by_keyboard(keys, app, "olfa")
    page = keys.page
    page.goto("/cohorts")
    keys.skip_to_main()
    keys.press("main a[href='/cohorts/new']")
    keys.type_into("#name", "Promotion de printemps")
    keys.press("form [type=submit]")
    cohort_id = int(page.url.split("/cohorts/")[1].split("/")[0])
    if not page.url.endswith("/courses"):
        keys.press(f"a[href='/cohorts/{cohort_id}/courses']")
    keys.tab_to(f"input[name=courses][value='{course.id}']")
    page.keyboard.press("Space")
    keys.press("form [type=submit]")
    keys.press(f"nav a[href='/cohorts/{cohort_id}']")
    keys.cycles()
    keys.tab_to("input[name=csv]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = tmp_path / "report.csv"
    download.value.save_as(path)
    assert path.read_bytes()


def test_administrator_changes_a_role_and_reads_the_audit_by_keyboard(app, browser, make):
    make.user("admin", roles=("admin",))
    hind = make.user("hind")
    keys = Keyboard(browser(locale="ar"))
    sign_in_by_keyboard(keys, app, "admin")
    page = keys.page
    page.goto("/admin/users")
    keys.skip_to_main()
    keys.press(f"main a[href='/admin/users/{hind.id}']")
    keys.tab_to("#trainer")
    page.keyboard.press("Space")
    keys.press("main form [type=submit]")
    assert page.is_checked("#trainer")
    keys.press("nav a[href='/admin/users']", back=True)
    keys.press("main a[href='/admin/audit']")
    assert "hind" in page.locator("main").inner_text()
    keys.cycles()


def test_trainee_writes_an_essay_and_the_trainer_grades_it_by_keyboard(app, browser, make):
    """Issue 22: an essay answered and graded with the keyboard alone; axe-core checks the
    question, the result awaiting grading, the grading queue and the final result."""
    tariq = make.user("tariq", roles=("trainee", "trainer"))
    course = make.course(owner=tariq, modules=1, lessons=1)
    essay = {"kind": "essay", "name": "why", "prompt": "Why protect sources?", "points": 2}
    quiz = make.quiz(course, questions=[essay])
    amal = make.user("amal")
    make.enrol(amal, course)
    trainee = browser(locale="en")
    trainee.sign_in("amal", audit=False)
    keys = Keyboard(trainee, audit=True)
    page = trainee.goto(f"/courses/{course.id}/quizzes/{quiz.id}")
    keys.press("form[action$='/start'] button", " ")
    keys.type_into("textarea[name=answer]", "Sources speak only if they are safe.")
    keys.press("button[name=go][value=next]")
    keys.press("form[action$='/submit'] button")
    assert "A trainer has yet to grade your written answers." in page.locator("main").inner_text()
    attempt_url = page.url

    keys = Keyboard(browser(locale="en"), audit=True)
    sign_in_by_keyboard(keys, app, "tariq")
    keys.page.goto(f"/courses/{course.id}/grading")
    keys.person.audit()
    assert "Sources speak only if they are safe." in keys.page.locator("main").inner_text()
    assert "amal" not in keys.page.locator("main").inner_text().lower()
    keys.type_into("input[name$='-points']", "2")
    keys.type_into("textarea[name$='-feedback']", "Clear and *right*.")
    keys.press("form.grade-form [type=submit]")
    assert "No answer is waiting to be graded." in keys.page.locator("main").inner_text()

    trainee.goto(attempt_url)
    result = page.locator("main").inner_text()
    assert "You passed this attempt." in result and "Clear and right." in result
