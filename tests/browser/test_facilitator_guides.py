"""Organizers and trainers find a course's facilitator guide on their pages and download
it, in Arabic with JavaScript off; every page audited by axe-core."""

from tamkeen import PROJECT_ROOT

GUIDE = (PROJECT_ROOT / "courses/advocacy-ar/facilitator-guide.md").read_bytes().decode()


def test_organizer_and_trainer_download_the_guide(browser, make, tmp_path):
    trainer = make.user("trainer", roles=("trainee", "trainer"), locale="ar")
    organizer = make.user("org", roles=("trainee", "organizer"), locale="ar")
    course = make.course("الترافع والحملات", language="ar", owner=trainer, modules=1, lessons=1)
    make.guide(course, GUIDE)
    cohort = make.cohort(organizer, courses=[course])
    link = f"a[href='/courses/{course.id}/facilitator-guide.pdf']"

    person = browser(locale="ar", javascript=False)
    person.sign_in("org")
    page = person.goto(f"/cohorts/{cohort.id}/courses")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "أدلة المنشِّطين والمنشِّطات" in page.locator("main h2").all_inner_texts()
    with page.expect_download() as download:
        page.click(link)
    saved = tmp_path / "guide.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    writer = browser(locale="ar", javascript=False)
    writer.sign_in("trainer")
    page = writer.goto(f"/teach/courses/{course.id}")
    assert page.locator(link).inner_text() == "دليل المنشِّطين والمنشِّطات (PDF)"
