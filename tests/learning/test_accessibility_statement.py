"""The accessibility statement: in every language, linked from every page's footer, with
the address to report a barrier taken from the settings."""

import pytest


@pytest.mark.parametrize(
    "language, heading, report",
    [
        ("en", "Accessibility statement", "Report a barrier"),
        ("fr", "Déclaration d’accessibilité", "Signaler un obstacle"),
        ("ar", "بيان إمكانية الوصول", "الإبلاغ عن عائق"),
    ],
)
def test_statement_is_in_every_language(client, language, heading, report):
    page = client.get("/accessibility", headers={"Accept-Language": language})
    assert page.status_code == 200
    assert f'lang="{language}"' in page.text
    assert heading in page.text and report in page.text
    assert "WCAG" in page.text


def test_every_page_links_to_the_statement_from_its_footer(client):
    for url in ["/", "/courses", "/sign-in"]:
        footer = client.get(url).text.split('<footer class="site-footer">')[1]
        assert 'href="/accessibility"' in footer, url


def test_barriers_go_to_the_configured_address_or_to_the_trainer(app, client):
    page = client.get("/accessibility").text
    assert "Tell your trainer or the organizer of your training programme" in page
    app.config["ACCESSIBILITY_CONTACT"] = "access@example.org"
    page = client.get("/accessibility").text
    assert '<a href="mailto:access@example.org">access@example.org</a>' in page
    app.config["ACCESSIBILITY_CONTACT"] = "https://example.org/barrier"
    assert 'href="https://example.org/barrier"' in client.get("/accessibility").text
    app.config["ACCESSIBILITY_CONTACT"] = "javascript:alert(1)"  # neither: not printed
    page = client.get("/accessibility").text
    assert "javascript:" not in page and "Tell your trainer" in page
