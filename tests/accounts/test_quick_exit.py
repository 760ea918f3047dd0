"""Quick exit signs the person out and leaves no trace the site could erase: the session
ends (a copy of its cookie too), the browser is told to clear the site's cookies, storage
and cache, and the neutral site is not told where the person came from."""

from tamkeen.audit import AuditEvent

NEUTRAL = "https://weather.example/"


def test_quick_exit_signs_out_and_leaves_for_the_neutral_site(app, client, signed_in_trainee):
    app.config["QUICK_EXIT_URL"] = NEUTRAL
    copied = client.get_cookie("tamkeen_session").value
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == NEUTRAL
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get("/learning").status_code == 302  # signed out here
    other = app.test_client()
    other.set_cookie("tamkeen_session", copied)
    assert other.get("/learning").status_code == 302  # and a copy of the cookie is dead


def test_quick_exit_records_nothing(client, make, signed_in_trainee):
    before = make.count(AuditEvent)
    assert client.get("/exit").status_code == 303
    assert make.count(AuditEvent) == before


def test_every_page_links_the_quick_exit(client):
    assert 'href="/exit"' in client.get("/courses").get_data(as_text=True)


def test_quick_exit_without_a_session_still_leaves(app, client):
    app.config["QUICK_EXIT_URL"] = NEUTRAL
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == NEUTRAL
