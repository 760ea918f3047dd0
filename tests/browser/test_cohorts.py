"""An organizer's cohort pages in a real browser: Arabic, JavaScript off, every page audited
by axe-core (the charts included), and a newcomer joining through an invitation."""

import re

from ..factories import PASSWORD
from ..reports.conftest import TRUE_FALSE


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
    assert "cohort.invitation_created" in page.locator("main table").inner_text()

    newcomer = browser(locale="fr", javascript=False)
    page = newcomer.goto(f"/join/{code}")
    page.fill("#username", "tiziri")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    newcomer.click(f"form[action='/join/{code}/register'] [type=submit]")
    assert page.locator("ul.codes li").count() == 10  # recovery codes, shown once
    newcomer.click("main a.button")
    assert "الحق في التعبير" in page.locator("main").inner_text()
