"""Headers on every response, errors and downloads included (issue 8, item 4).

Every route, for eight people, is checked in ``test_access_matrix.py``; here are the cases
it cannot reach: a server error, production's HSTS, and the policy of responses that set
their own.
"""

import pytest

from tamkeen.security import completed_policy

from .access_policy import header_problems


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500])
def test_error_responses_carry_every_header(failing_app, code):
    client = failing_app.test_client()
    response = client.get(f"/boom/{code}") if code != 405 else client.post("/courses")
    assert response.status_code == code
    assert header_problems(response, signed_in=False) == []


def test_hsts_only_in_production(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["PRODUCTION"] = True
    for url in ("/", "/static/css/tamkeen.css", "/no-such-page"):
        response = client.get(url)
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        response.close()


def test_a_downloads_own_policy_keeps_its_rules_and_gains_the_required_ones():
    sandboxed = completed_policy("sandbox").split("; ")
    assert sandboxed[0] == "sandbox"
    assert {"default-src 'self'", "object-src 'none'", "base-uri 'none'"} <= set(sandboxed)
    assert "frame-ancestors 'none'" in sandboxed
    image = completed_policy("default-src 'none'; sandbox")
    assert "default-src 'self'" not in image and image.startswith("default-src 'none'")


def test_signing_out_clears_the_site_and_is_not_cached(client, auth, signed_in_trainee):
    response = auth.logout()
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/").headers.get("Cache-Control") != "no-store"  # public pages cache
