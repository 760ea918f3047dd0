"""The trainee's path in a real browser: register, enrol, read, complete, see progress."""

import pytest

from ..factories import PASSWORD

PATHS = {
    "en": {
        "register": "Create an account",
        "create": "Create my account",
        "enrol": "Enrol in this course",
        "complete": "Mark as complete",
        "progress": "Progress: 50%",
        "my_learning": "My learning",
    },
    "ar": {
        "register": "إنشاء حساب",
        "create": "إنشاء حسابي",
        "enrol": "التسجيل في هذه الدورة",
        "complete": "تحديد كمكتمل",
        "progress": "التقدّم: 50%",
        "my_learning": "تعلّمي",
    },
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_trainee_registers_enrols_reads_completes_and_sees_progress(browser, make, language):
    words = PATHS[language]
    course = make.course("Digital safety basics", language=language, modules=1, lessons=2)
    trainee = browser(locale=language)

    page = trainee.goto("/")
    expected_direction = "rtl" if language == "ar" else "ltr"
    assert page.get_attribute("html", "dir") == expected_direction
    assert page.get_attribute("html", "lang") == language

    trainee.click(f"nav >> text={words['register']}")
    page.fill("#username", f"trainee-{language}")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    trainee.click(f"button:has-text('{words['create']}'), input[value='{words['create']}']")

    trainee.goto(f"/courses/{course.id}")
    trainee.click(f"text={words['enrol']}")
    assert f"/courses/{course.id}/lessons/" in page.url
    assert page.locator("article.lesson h1").inner_text() == "Lesson 1.1"

    trainee.click(f"text={words['complete']}")
    assert page.locator("article.lesson h1").inner_text() == "Lesson 1.2"

    trainee.click(f"nav >> text={words['my_learning']}")
    assert words["progress"] in page.locator("main").inner_text()
    assert page.locator("progress").get_attribute("value") == "50"
    assert len(trainee.audited) >= 6


def test_form_errors_are_announced_and_linked_to_fields(browser):
    person = browser(locale="en")
    page = person.goto("/register")
    person.click("input[type=submit]")
    assert page.locator(".error-summary[role=alert]").is_visible()
    assert page.get_attribute("#username", "aria-invalid") == "true"
    described = page.get_attribute("#username", "aria-describedby")
    assert "username-error" in described


def test_everything_works_with_javascript_off(browser, make):
    course = make.course(modules=1, lessons=1)
    make.user("hind")
    person = browser(locale="fr", javascript=False)
    page = person.goto("/sign-in")
    page.fill("#username", "hind")
    page.fill("#password", PASSWORD)
    person.click("input[type=submit]")
    person.goto(f"/courses/{course.id}")
    person.click("form[action$='/enrol'] button")
    person.click("form[action$='/complete'] button")
    assert "100" in page.locator("progress").get_attribute("value")


def test_language_switcher_changes_language_and_direction(browser):
    person = browser(locale="en")
    page = person.goto("/courses")
    person.click("button[lang=ar]")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.url.endswith("/courses")
