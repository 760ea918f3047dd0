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
