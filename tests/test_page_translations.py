"""Templates find the catalogue once per locale, and still follow a change of locale
within a request (issue 17: a PDF in its course's language from a page in another)."""

import pytest
from flask import render_template_string
from flask_babel import force_locale, gettext

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

MESSAGE = "Last activity"


def test_templates_follow_the_locale_a_request_switches_to(app):
    template = "{{ _('Last activity') }}|{{ _('Lessons: %(done)d of %(total)d', done=1, total=2) }}"
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        french = render_template_string(template)
        assert french.split("|")[0] == gettext(MESSAGE) != MESSAGE
        with force_locale("ar"):
            arabic = render_template_string(template)
            assert arabic.split("|")[0] == gettext(MESSAGE)
            with force_locale("en"):
                assert render_template_string(template) == f"{MESSAGE}|Lessons: 1 of 2"
        assert render_template_string(template) == french
    assert len({french, arabic}) == 2


def test_forms_own_messages_come_from_one_catalogue_per_language(app):
    """wtforms' messages ("Not a valid integer value.") in the page's language, from its
    catalogue read once per language (flask-wtf read the file again for each request)."""
    from babel import support
    from flask_wtf.i18n import translations
    from wtforms.i18n import messages_path

    from tamkeen.i18n import wtforms_translations

    message, found = "Not a valid integer value.", {}
    for language in ("ar", "fr", "en", "zgh", "ar"):
        with app.test_request_context(headers={"Accept-Language": language}):
            catalogue, text = wtforms_translations(), translations.gettext(message)
        found.setdefault(language, catalogue)
        assert found[language] is catalogue  # the second Arabic request: the same one
        read = support.Translations.load(messages_path(), [language], "wtforms")
        assert text == read.ugettext(message)
    assert found["ar"].ugettext(message) != message != found["fr"].ugettext(message)
    assert wtforms_translations() is None  # outside a request, as flask-wtf's own
