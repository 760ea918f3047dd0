"""A workshop in a real browser: the organizer uploads a roster in Arabic with JavaScript
off, prints the welcome slips from the page that shows the links once, and a participant
opens her slip's QR code on a phone and chooses a password. Every page audited by axe-core."""

import pytest

from ..conftest import fresh_app
from ..factories import PASSWORD
from ..pdftools import pdf_text, qr_codes, snapshot


@pytest.fixture
def app(database_url, tmp_path):
    """No public address: the links are those of the address the browser came to."""
    with fresh_app(database_url, tmp_path, PUBLIC_URL="") as app:
        yield app


def test_organizer_prints_welcome_slips_and_a_participant_uses_hers(browser, make, tmp_path):
    organizer = make.user("org", roles=("trainee", "organizer"), locale="ar")
    course = make.course("الحق في التعبير", language="ar", modules=1, lessons=1)
    cohort = make.cohort(organizer, courses=[course])
    roster = tmp_path / "people.csv"
    roster.write_text("username,name\nsalma,سلمى بناني\nidir,Idir Ouhammou\n", encoding="utf-8")

    person = browser(locale="ar", javascript=False)
    person.sign_in("org")
    page = person.goto(f"/cohorts/{cohort.id}/people")
    page.set_input_files("#roster-file", str(roster))
    person.click(f"form[action='/cohorts/{cohort.id}/roster'] [type=submit]")
    slips_button = f"form[action='/cohorts/{cohort.id}/people/slips'] [type=submit]"
    assert page.locator(slips_button).count() == 1
    with page.expect_download() as download:
        page.click(slips_button)
    path = tmp_path / "slips.pdf"
    download.value.save_as(path)
    text = pdf_text(path)
    assert "سلمى بناني" in text and "Idir Ouhammou" in text
    assert "امسحوا رمز QR" in text  # the cohort's courses are in Arabic
    links = qr_codes(snapshot(path, "welcome-slips-ar", dpi=150))
    assert len(links) == 2 and all(link.startswith(person.base_url + "/welcome/") for link in links)

    phone = browser(locale="ar", javascript=False)
    page = phone.goto(links[0])
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    phone.click("main [type=submit]")
    assert page.locator("ul.codes li").count() == 10  # recovery codes, shown once
