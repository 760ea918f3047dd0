"""The host allow-list: a request naming a host Tamkeen is not reached at is refused (400),
so a forged Host header can never end up in a printed link. The test client's own host,
``localhost``, is always allowed, as are 127.0.0.1 and the bind address."""

import pytest

from tamkeen.addresses import lan_addresses

from ..conftest import fresh_app
from .helpers import BIND


@pytest.fixture
def room(database_url, tmp_path):
    settings = {"PUBLIC_URL": "", "BIND": "0.0.0.0:5116", "ALLOWED_HOSTS": ["tamkeen.lan"]}
    with fresh_app(database_url, tmp_path, **settings) as app:
        yield app


def status_for(app, host: str) -> tuple[int, str]:
    response = app.test_client().get("/sign-in", headers={"Host": host})
    return response.status_code, response.get_data(as_text=True)


def test_an_unknown_host_is_refused_not_reflected(site):
    status, page = status_for(site.app, "evil.example:5116")
    assert status == 400
    assert "evil.example" not in page


def test_the_bound_and_public_addresses_and_localhost_are_served(site):
    for host in (BIND, "localhost", "127.0.0.1:5116", "localhost:5000"):
        assert status_for(site.app, host)[0] == 200, host
    public = site.base.removeprefix("https://").removeprefix("http://")
    assert status_for(site.app, public)[0] == 200


def test_a_forwarded_host_is_ignored_without_a_proxy(site):
    client = site.app.test_client()
    response = client.get("/join", headers={"Host": BIND, "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.get_data(as_text=True)


def test_a_laptop_bound_to_every_interface_serves_its_lan_addresses(room):
    addresses = lan_addresses()
    for address in addresses:
        assert status_for(room, f"{address}:5116")[0] == 200, address
    assert status_for(room, "tamkeen.lan:5116")[0] == 200  # TAMKEEN_ALLOWED_HOSTS
    assert status_for(room, "10.255.255.254:5116")[0] == (
        200 if "10.255.255.254" in addresses else 400
    )
    assert status_for(room, "evil.example")[0] == 400


def test_the_addresses_command_lists_the_lan_addresses_with_the_port(room):
    result = room.test_cli_runner().invoke(args=["workshop", "addresses"])
    assert result.exit_code == 0
    expected = [f"http://{a}:5116/" for a in lan_addresses()] or ["http://127.0.0.1:5116/"]
    assert [line.strip() for line in result.output.splitlines()[1:]] == expected
    assert ":5000" not in result.output
