"""The accessibility audit every browser story relies on can fail: axe-core, loaded once
per checking context, does report a page with an image that has no text alternative and
a field with no label."""

import pytest


def test_the_audit_reports_an_inaccessible_page(browser):
    person = browser(locale="en")
    page = person.goto("/sign-in")  # passes: the real page
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<img src="/static/favicon.svg"><input type="text" name="nameless">\')'
    )
    with pytest.raises(AssertionError, match="image-alt|label"):
        person.audit()
