"""An organizer's cohort pages in a real browser: Arabic, JavaScript off, every page audited
by axe-core (the charts included), and a newcomer joining through an invitation."""

import re

from ..factories import PASSWORD, TRUE_FALSE


def test_organizer_reads_the_dashboard_and_a_newcomer_joins(browser, make):
    organizer = make.user("org", roles=("trainee", "organizer"), locale="ar")
    course = make.course("الحق في التعبير", language="ar", modules=1, lessons=2)
    quiz = make.quiz(course, questions=TRUE_FALSE)
    amal = make.user("amal", display_name="أمل الإدريسي")
    idir = make.user("idir", display_name="إدير أوحمو")
    cohort = make.cohort(organizer, participants=[amal, idir], courses=[course])
    make.complete(amal, course.modules[0].lessons[0])
    for lesson in course.modules[0].lessons:  # Idir completes the course: a timeline
        make.complete(idir, lesson)
    make.attempt(idir, quiz, right=True)

    person = browser(locale="ar", javascript=False)
    person.sign_in("org")
    page = person.goto(f"/cohorts/{cohort.id}")
    assert page.locator("svg[role=img] title").count() == 2  # the funnel and the timeline
    assert page.locator("html").get_attribute("dir") == "rtl"
    person.goto(f"/cohorts/{cohort.id}/participants")
    assert page.locator("table.participants tbody tr").count() == 2
    person.click(f"a[href='/cohorts/{cohort.id}/participants/{amal.id}']")
    assert "33%" in page.locator("main").inner_text()
    person.goto(f"/cohorts/{cohort.id}/people")
    person.click(f"form[action='/cohorts/{cohort.id}/invitations'] [type=submit]")
    code = re.search(
        r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", page.locator(".shown-once").inner_text()
    ).group(0)
    person.click(f"a[href='/cohorts/{cohort.id}/audit']")  # the invitation is a line
    assert "إنشاء رابط دعوة إلى الفوج" in page.locator("main table").inner_text()  # in words

    newcomer = browser(locale="fr", javascript=False)
    page = newcomer.goto(f"/join/{code}")
    page.fill("#username", "tiziri")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    newcomer.click(f"form[action='/join/{code}/register'] [type=submit]")
    assert page.locator("ul.codes li").count() == 10  # recovery codes, shown once
    newcomer.click("main a.button:not([download])")  # past the codes, not their download
    assert "الحق في التعبير" in page.locator("main").inner_text()


def test_a_trainee_is_invited_accepts_then_leaves_and_the_organizer_sees_nothing_of_her(
    browser, make
):
    """The consent story, in Arabic with JavaScript off: the organizer invites an existing
    trainee by her username; she reads the notice, sees what the organizers would see and
    accepts; later she leaves, and the organizer's pages show nothing of her."""
    organizer = make.user("org", roles=("trainee", "organizer"), locale="ar")
    course = make.course("الحق في التعبير", language="ar", modules=1, lessons=2)
    amal = make.user("amal", display_name="أمل الإدريسي", locale="ar")
    badr = make.user("badr", display_name="بدر أوبها")
    cohort = make.cohort(organizer, participants=[badr], courses=[course])
    make.enrol(amal, course)
    make.complete(amal, course.modules[0].lessons[0])  # her own progress, from before

    org = browser(locale="ar", javascript=False)
    org.sign_in("org")
    page = org.goto(f"/cohorts/{cohort.id}/people")
    page.fill("#person-username", "amal")
    org.click(f"form[action='/cohorts/{cohort.id}/people/invite'] [type=submit]")
    invited = page.locator("#invited + table").inner_text()
    assert "amal" in invited and "أمل" not in invited  # her username, nothing else
    org.goto(f"/cohorts/{cohort.id}/participants")
    assert "أمل" not in page.locator("main").inner_text()

    her = browser(locale="ar", javascript=False)
    mine = her.sign_in("amal")
    her.goto("/learning")
    notices = mine.locator("a[href='/notices']")
    assert "(1)" in notices.inner_text()
    her.click("a[href='/notices']")
    assert "الفوج Spring cohort" in mine.locator(".notices").inner_text()
    her.click(f"a[href='/learning/cohorts/{cohort.id}/invitation']")
    assert "ما سيراه منظّموه منك إذا انضممت" in mine.locator("main").inner_text()
    her.click(f"form[action='/learning/cohorts/{cohort.id}/invitation/accept'] button")
    assert "أفواجي" in mine.locator("main").inner_text()

    org.goto(f"/cohorts/{cohort.id}/participants")
    assert "أمل الإدريسي" in page.locator("main table").inner_text()
    org.click(f"a[href='/cohorts/{cohort.id}/participants/{amal.id}']")

    her.goto("/learning")
    her.click(f"a[href='/learning/cohorts/{cohort.id}/leave']")
    assert "مسؤوليتهم" in mine.locator("main").inner_text()  # what they downloaded
    her.click(f"form[action='/learning/cohorts/{cohort.id}/leave'] [type=submit]")
    assert "أفواجي" not in mine.locator("main").inner_text()

    for path in (f"/cohorts/{cohort.id}", f"/cohorts/{cohort.id}/participants",
                 f"/cohorts/{cohort.id}/people", f"/cohorts/{cohort.id}/audit"):  # fmt: skip
        org.goto(path)
        text = page.locator("main").inner_text()
        assert "أمل" not in text and "amal" not in text, path
    assert "بدر أوبها" in org.goto(f"/cohorts/{cohort.id}/participants").inner_text("main")
    response = page.goto(f"/cohorts/{cohort.id}/participants/{amal.id}")
    assert response.status == 404
    org.audit()
