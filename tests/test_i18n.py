"""Every string a person reads is translated, and right-to-left needs no second stylesheet."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tamkeen import PROJECT_ROOT
from tamkeen.i18n import LANGUAGES, TRANSLATIONS_DIR

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

TRANSLATED = [code for code in LANGUAGES if code != "en"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
            "templates/_macros",  # babel's walk skips folders whose names start with _
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def _catalogue(code):
    with (TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_extraction_finds_the_interface_strings(extracted):
    assert "Sign in" in extracted
    assert len(extracted) > 100


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_catalogue_exists_for_every_language(code):
    assert (TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po").is_file()


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated(extracted, code):
    catalogue = _catalogue(code)
    missing = sorted(
        (message_id if isinstance(message_id, str) else message_id[0])
        for message_id in extracted
        if (message := catalogue.get(message_id)) is None
        or not (message.string if isinstance(message.string, str) else all(message.string))
        or message.fuzzy
    )
    assert missing == [], f"{len(missing)} untranslated in {code}: {missing[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_placeholders(code):
    for message in _catalogue(code):
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        pattern = r"%\((\w+)\)[sd]"
        assert sorted(re.findall(pattern, source)) == sorted(re.findall(pattern, target)), source


def test_stylesheets_use_logical_properties_only():
    physical = re.compile(
        r"(margin|padding|border)-(left|right)|(?<![-\w])(left|right)\s*:|text-align:\s*(left|right)|float:\s*(left|right)"
    )
    for css in (PROJECT_ROOT / "static").rglob("*.css"):
        offending = [line for line in css.read_text().splitlines() if physical.search(line)]
        assert offending == [], f"{css.name}: {offending}"


def test_arabic_pages_are_right_to_left(client):
    page = client.get("/courses", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_language_switcher_works_without_javascript(client):
    response = client.post_form("/language", {"locale": "fr", "next": "/courses"})
    assert response.status_code == 302 and response.headers["Location"] == "/courses"
    page = client.get("/courses", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page  # the choice beats the browser's wish


def test_signed_in_persons_setting_beats_the_switcher_and_the_browser(client, make, auth):
    make.user("amal", locale="ar")
    auth.login("amal")
    page = client.get("/courses", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_switching_language_while_signed_in_saves_the_setting(app, client, make, auth):
    user = make.user("amal", locale="ar")
    auth.login("amal")
    client.post_form("/language", {"locale": "en", "next": "/learning"})
    from tamkeen.accounts.models import User

    assert make.get(User, user.id).locale == "en"


def test_unknown_language_is_refused(client):
    assert client.post_form("/language", {"locale": "xx"}).status_code == 400


def test_language_switcher_refuses_to_redirect_off_site(client):
    response = client.post_form("/language", {"locale": "fr", "next": "//evil.example"})
    assert response.headers["Location"] == "/"
