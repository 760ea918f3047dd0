"""Error pages: translated, helpful, and never a stack trace."""

import pytest


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (400, "This request could not be understood"),
        (403, "You cannot open this page"),
        (404, "Page not found"),
        (413, "The file is too large"),
        (429, "Too many attempts"),
        (500, "Something went wrong on our side"),
    ],
)
def test_error_pages_explain_and_help(failing_app, code, title):
    response = failing_app.test_client().get(f"/boom/{code}")
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert title in page
    assert 'href="/courses"' in page
    assert "Traceback" not in page and "secret internal detail" not in page


def test_error_pages_are_translated(failing_app):
    response = failing_app.test_client().get("/boom/404", headers={"Accept-Language": "ar"})
    page = response.get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert "Page not found" not in page


def test_unknown_page_is_404(client):
    assert client.get("/no-such-page").status_code == 404
