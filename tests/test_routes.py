"""Sweeps over every route of the URL map, so that a new route cannot skip the rules."""

import pytest

from tamkeen import create_app

from .conftest import app_config


def _post_routes():
    app = create_app(app_config("sqlite://", None))
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            values = {
                arg: (1 if rule._converters[arg].__class__.__name__ == "IntegerConverter" else "x")
                for arg in rule.arguments
            }
            yield rule.endpoint, rule.build(values)[1]


POST_ROUTES = sorted(set(_post_routes()))
# Routes without CSRF tokens on purpose: they read no session (a cookie gives them nothing)
# and their body authenticates itself. A workshop laptop's results file is signed by a kit
# this server issued (docs/workshops.md); anything else is refused (422), writing nothing.
SELF_AUTHENTICATING = {"workshop_api.results"}


def test_there_are_post_routes_to_check():
    assert len(POST_ROUTES) >= 8


@pytest.mark.parametrize(("endpoint", "url"), POST_ROUTES, ids=[e for e, _u in POST_ROUTES])
def test_every_post_route_refuses_a_request_without_csrf_token(client, make, auth, endpoint, url):
    make.user("root", roles=("trainee", "trainer", "organizer", "admin"))
    auth.login("root")
    response = client.post(url, data={"submit": "1"})
    if endpoint in SELF_AUTHENTICATING:
        assert response.status_code == 422 and response.is_json
        return
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


@pytest.mark.parametrize(("endpoint", "url"), POST_ROUTES, ids=[e for e, _u in POST_ROUTES])
def test_every_post_route_refuses_another_sessions_token(app, client, make, auth, endpoint, url):
    other = app.test_client()
    foreign_token = other.csrf_token()
    make.user("root", roles=("trainee", "trainer", "organizer", "admin"))
    auth.login("root")
    response = client.post(url, data={"csrf_token": foreign_token, "submit": "1"})
    assert response.status_code == (422 if endpoint in SELF_AUTHENTICATING else 400)
