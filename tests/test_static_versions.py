"""Static files under content-hashed addresses, cached for a year (issue 17)."""

import shutil

import pytest
from flask import url_for

from tamkeen.static_files import IMMUTABLE

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database


def test_pages_link_static_files_by_their_content(client):
    page = client.get("/courses").get_data(as_text=True)
    with client.application.test_request_context():
        stylesheet = url_for("static", filename="css/tamkeen.css")
    assert "?v=" in stylesheet and f'href="{stylesheet}"' in page
    with client.get(stylesheet) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == IMMUTABLE


def test_an_address_without_the_current_version_is_revalidated(client):
    for url in ("/static/css/tamkeen.css", "/static/css/tamkeen.css?v=000000000000"):
        with client.get(url) as response:
            assert response.status_code == 200
            assert "immutable" not in response.headers.get("Cache-Control", "")
            assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_the_address_changes_when_the_file_changes(app, client, tmp_path):
    shutil.copytree(app.static_folder, tmp_path / "static")
    app.static_folder = str(tmp_path / "static")
    with app.test_request_context():
        before = url_for("static", filename="js/quiz.js")
    with open(tmp_path / "static" / "js" / "quiz.js", "a") as script:
        script.write("\n// changed\n")
    with app.test_request_context():
        after = url_for("static", filename="js/quiz.js")
    assert before != after and after.startswith("/static/js/quiz.js?v=")
    with client.get(before) as old:
        assert "immutable" not in old.headers.get("Cache-Control", "")
        assert old.data.endswith(b"// changed\n")  # the file as it is now, revalidated
    with client.get(after) as new:
        assert new.headers["Cache-Control"] == IMMUTABLE


def test_a_missing_file_gets_no_version(app):
    with app.test_request_context():
        assert url_for("static", filename="no/such.css") == "/static/no/such.css"
        assert url_for("static", filename="../config.py") == "/static/../config.py"


def test_a_signed_in_visitor_caches_them_too(client, make, auth):
    make.user("amal")
    auth.login("amal")
    with client.application.test_request_context():
        script = url_for("static", filename="js/quick-exit.js")
    with client.get(script) as response:
        assert response.headers["Cache-Control"] == IMMUTABLE
