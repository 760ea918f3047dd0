"""A site served as a workshop laptop serves it: bound to 127.0.0.1:5116, with or without a
public address (TAMKEEN_PUBLIC_URL). Every link it prints must start with ``site.base``."""

from dataclasses import dataclass

import pytest
from flask import Flask

from ..conftest import fresh_app
from .helpers import BIND, PUBLIC


@dataclass
class Site:
    app: Flask
    base: str  # what every printed link starts with
    seen_at: str  # the address the test client's requests come to


@pytest.fixture(params=["public-url", "bound-address"])
def site(request, database_url, tmp_path):
    public = PUBLIC if request.param == "public-url" else ""
    with fresh_app(database_url, tmp_path, PUBLIC_URL=public, BIND=BIND) as app:
        yield Site(app, public or f"http://{BIND}", f"http://{BIND}")


# The two instances of the workshop sync tests (tests/workshops/sync.py).
from .sync import laptop, laptop_template, workshop  # noqa: E402, F401
