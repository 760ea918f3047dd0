"""The cohort's workshop page in a real browser, in Arabic with JavaScript off, on a laptop
and on a phone: an organizer prepares a kit (the passphrase shown once), downloads it, a
laptop is set up from it and works, and its results file is uploaded back; a wrong file is
refused with its sentence. Every page audited by axe-core; screenshots in test-output/."""

import re

import pytest

from tamkeen.accounts.models import User

from ..conftest import fresh_app
from ..factories import Factory
from ..pdftools import OUTPUT
from ..workshops.sync import (  # noqa: F401  (laptop_template: a fixture)
    FAST_KDF,
    TWO_QUESTIONS,
    get,
    laptop_app,
    laptop_template,
    lessons,
)
from .helpers import LAPTOP, shoot

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def app(database_url, tmp_path):
    with fresh_app(database_url, tmp_path / "central", **FAST_KDF) as app:
        yield app


def screens(page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    for label, size in (("1366", LAPTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(OUTPUT / f"{name}-ar-{label}.png"), full_page=True)
        shoot(page, f"{name}-ar-{label}")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], label
    page.set_viewport_size(LAPTOP)


def test_an_organizer_prepares_a_kit_and_brings_the_results_back_in_arabic(
    app,
    browser,
    make,
    request,
    tmp_path,
):
    organizer = make.user("org", roles=("trainee", "organizer"), locale="ar")
    people = [make.user(name) for name in ("amal", "badr")]
    course = make.course("الحق في التعبير", language="ar", modules=1, lessons=2)
    make.quiz(course, questions=TWO_QUESTIONS)
    for person in people:
        make.enrol(person, course)
    cohort = make.cohort(organizer, participants=people, courses=[course])

    person = browser(locale="ar", javascript=False, viewport=LAPTOP)
    person.sign_in("org")
    page = person.goto(f"/cohorts/{cohort.id}/workshop")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screens(page, "workshop-page")
    page = person.click(f"form[action='/cohorts/{cohort.id}/workshop/kits'] [type=submit]")
    passphrase = page.locator(".shown-once code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z-]{29}", passphrase)
    screens(page, "workshop-kit-made")
    with page.expect_download() as download:
        page.click("main a[download]")
    kit = tmp_path / "kit.tkw"
    download.value.save_as(kit)

    template = request.getfixturevalue("laptop_template")  # a migrated, empty database
    with laptop_app(template, tmp_path / "laptop") as laptop:
        runner = laptop.test_cli_runner()
        done = runner.invoke(
            args=["workshop", "setup", str(kit)], env={"TAMKEEN_KIT_PASSPHRASE": passphrase}
        )
        assert done.exit_code == 0, done.output
        Factory(laptop).complete(get(laptop, User, username="amal"), lessons(laptop)[0])
        results = tmp_path / "results.tkr"
        done = runner.invoke(args=["workshop", "export-results", "-o", str(results)])
        assert done.exit_code == 0, done.output

    page = person.goto(f"/cohorts/{cohort.id}/workshop")
    mistaken = tmp_path / "kit-not-results.tkr"  # the kit, under a results file's name
    mistaken.write_bytes(kit.read_bytes())
    page.set_input_files("#file", str(mistaken))
    page = person.click(f"form[action='/cohorts/{cohort.id}/workshop/results'] [type=submit]")
    assert "هذه حقيبة ورشة، وليست ملف نتائج." in page.locator("main").inner_text()
    screens(page, "workshop-refused")
    page.set_input_files("#file", str(results))
    page = person.click(f"form[action='/cohorts/{cohort.id}/workshop/results'] [type=submit]")
    text = page.locator("main").inner_text()
    assert "/workshop/imports/" in page.url
    assert "النتائج المُعادة" in text
    screens(page, "workshop-summary")
    assert "3 أشخاص" in text  # the organizer and the two participants
    assert "درس واحد مُنجز جديد، لا شيء معروف من قبل (0)" in text
