"""What templating.py and i18n.py make once instead of on every page (issue 17): the same
text as the slow way, and nothing carried from one application root or language to another."""

from flask import render_template_string, url_for
from flask_babel import force_locale, gettext

from tamkeen.i18n import content_lang
from tamkeen.templating import id_url_prefix

# The content_lang macro as it was written in Jinja before it was made in Python.
JINJA_MACRO = (
    "{% macro lang(language, dir=None) %}"
    'lang="{{ language }}" dir="{{ dir or language|direction }}"{% endmacro %}'
)


def test_content_lang_prints_what_the_macro_printed(app):
    cases = [("ar", None), ("fr", None), ("zgh", None), ("en", "auto"), ("ar", "ltr"), (None, None)]
    cases.append(('"><script>', None))  # escaped like the macro's {{ language }}
    with app.test_request_context("/"):
        for language, direction in cases:
            macro = render_template_string(
                JINJA_MACRO + "{{ lang(l, dir=d) }}", l=language, d=direction
            )
            imported = render_template_string(
                '{% from "_macros/language.html" import content_lang %}'
                "{{ content_lang(l, dir=d) }}",
                l=language,
                d=direction,
            )
            assert imported == macro == str(content_lang(language, direction))
            assert content_lang(language, direction) == content_lang(language, direction)


def test_fixed_addresses_and_id_prefixes_follow_the_application_root(app, client):
    for root in ("", "/tamkeen", ""):  # each root its own, in either order
        with app.test_request_context("/", base_url=f"http://localhost{root}"):
            fixed = render_template_string(
                "{{ fixed_url('learning.catalogue') }} {{ fixed_url('offline.manifest', lang=l) }}",
                l="ar",
            )
            assert (
                fixed == f"{url_for('learning.catalogue')} {url_for('offline.manifest', lang='ar')}"
            )
            assert fixed.startswith(f"{root}/courses ")
            prefix = id_url_prefix("learning.lesson", "lesson_id", course_id=7)
            for lesson_id in (1, 42, 1000):
                built = url_for("learning.lesson", course_id=7, lesson_id=lesson_id)
                assert f"{prefix}{lesson_id}" == built
    page = client.get("/courses", base_url="http://localhost/tamkeen")
    assert 'href="/tamkeen/papers"' in page.get_data(as_text=True)
    assert 'href="/papers"' in client.get("/courses").get_data(as_text=True)


def test_offline_words_are_made_once_per_language(app, client, make, auth):
    make.user("nadia")
    auth.login("nadia")

    def words(language: str) -> str:
        html = client.get("/learning", headers={"Accept-Language": language}).get_data(True)
        start = html.index('<div id="offline"')
        return html[start : html.index("</div>", start)]

    french, arabic = words("fr"), words("ar")
    assert 'data-sent="Envoyé."' in french and 'data-sent="أُرسلت."' in arabic
    assert french == words("fr")  # the French kept, not the Arabic made since
    app.jinja_env.auto_reload = True  # rendered on each page, as in development: the same
    assert words("fr") == french and words("ar") == arabic


def test_template_words_are_the_catalogues_in_each_language(app):
    source = "{{ _(t) }}|{{ _(t) }}|{{ _('Question %(n)d of %(total)d', n=2, total=3) }}"
    printed = {}
    with app.test_request_context("/"):
        for language in ("ar", "fr", "ar", "zgh", "en"):  # a language again: its kept words
            with force_locale(language):
                page = render_template_string(source, t="Notices")
                expected = gettext("Notices")
                question = gettext("Question %(n)d of %(total)d", n=2, total=3)
                assert page == f"{expected}|{expected}|{question}"
                printed.setdefault(language, page)
                assert printed[language] == page
    assert len(set(printed.values())) == 4
