"""An administrator gives an organization its Arabic name and logo, in Arabic, with
JavaScript off, on a laptop and on a phone; the page passes axe-core and never scrolls
sideways. Screenshots in test-output/ (and ``TAMKEEN_SHOTS``)."""

from tamkeen.cohorts.models import Organization
from tamkeen.extensions import db

from ..certificates.helpers import logo_png
from ..pdftools import OUTPUT
from .helpers import LAPTOP, shoot

PHONE = {"width": 390, "height": 844}


def test_an_administrator_sets_an_organizations_logo_in_arabic(app, browser, make, tmp_path):
    make.user("root", roles=("admin",), locale="ar")
    organization = make.organization("Association Tanmia")
    logo = tmp_path / "tanmia.png"
    logo.write_bytes(logo_png())
    person = browser(locale="ar", javascript=False, viewport=LAPTOP)
    person.sign_in("root")
    person.goto("/organizations")
    page = person.click(f"main a[href='/organizations/{organization.id}']")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#name_ar", "جمعية تنمية")
    page.set_input_files("#logo", str(logo))
    page = person.click("main [type=submit]")
    assert "حُفظت المنظمة." in page.locator("main").inner_text()
    OUTPUT.mkdir(exist_ok=True)
    for name, size in (("1366", LAPTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(OUTPUT / f"organization-page-ar-{name}.png"), full_page=True)
        shoot(page, f"organization-page-ar-{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    with app.app_context():
        stored = db.session.get(Organization, organization.id)
        assert stored.names == {"ar": "جمعية تنمية"} and stored.logo.endswith(".png")
