"""Which language a page is in, and which way it reads."""

from typing import Any

import flask_wtf.i18n
import wtforms.i18n
from babel import support
from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import LazyString, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from wtforms import SelectChoice

from . import PROJECT_ROOT
from .extensions import babel

# The languages of the interface, each named in its own language. Tamazight (zgh) is Standard
# Moroccan Tamazight in Tifinagh, left to right; its catalogue awaits review by native
# speakers (docs/translations/README.md).
LANGUAGES = {"ar": "العربية", "zgh": "ⵜⴰⵎⴰⵣⵉⵖⵜ", "fr": "Français", "en": "English"}
RIGHT_TO_LEFT = frozenset({"ar"})
TRANSLATIONS_DIR = PROJECT_ROOT / "platform" / "tamkeen" / "translations"


def _lazy_string_as_text(self: LazyString) -> Markup:
    return escape(str(self))


# flask-babel's LazyString calls itself HTML (its ``__html__`` returns the text as it is), so
# Jinja and WTForms printed a lazily translated message unescaped, with whatever was put
# into it: a roster's username or a package's key ran as script in the organizer's or the
# trainer's page. A lazy string is text, escaped like any other.
LazyString.__html__ = _lazy_string_as_text


def language_choices(blank_label=None) -> list[SelectChoice]:
    """The languages as form choices, each name marked with its own language."""
    choices = [SelectChoice("", blank_label)] if blank_label is not None else []
    choices += [SelectChoice(code, name, {"lang": code}) for code, name in LANGUAGES.items()]
    return choices


# A catalogue's or a library's filter value for every language; without one in the URL
# they open on the interface's language (when it is a content language), one link away.
ALL_LANGUAGES = "all"


def language_filter_choices(all_label) -> list[SelectChoice]:
    return [SelectChoice(ALL_LANGUAGES, all_label), *language_choices()]


def default_content_filter() -> str:
    """The language a catalogue opens on: the interface's, or all of them (Tamazight's
    interface has no content of its own yet)."""
    locale = str(get_locale())
    return locale if locale in LANGUAGES else ALL_LANGUAGES


def chosen_language(value: str | None) -> str | None:
    """A filter's language, or None for all languages."""
    return None if not value or value == ALL_LANGUAGES else value


def direction(language: str | None) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


_LANG_ATTRIBUTES: dict[tuple[str, str | None], Markup] = {}


def content_lang(language: str | None, dir: str | None = None) -> Markup:  # noqa: A002
    """``lang="…" dir="…"`` for a piece written in ``language``: what the ``content_lang``
    macro of templates/_macros/language.html prints, made in Python (a page calls it a dozen
    times, and a Jinja macro call costs several times a function's). Kept per language."""
    key = (language, dir)
    attributes = _LANG_ATTRIBUTES.get(key) if isinstance(language, str) else None
    if attributes is None:
        attributes = Markup('lang="%s" dir="%s"') % (language, dir or direction(language))
        if isinstance(language, str) and isinstance(dir, str | None) and len(_LANG_ATTRIBUTES) < 64:
            _LANG_ATTRIBUTES[key] = attributes
    return attributes


# First strong isolate ... pop directional isolate: a value put into a translated sentence
# takes its own direction from its first letter and leaves the sentence's alone, so that
# "(.zip)" or "18.5 kB" in an Arabic sentence does not read "(zip.)" or "kB 18.5". Unlike
# <bdi>, isolates also hold in attributes, plain-text mail and the PDFs.
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate(value: object) -> str:
    """``value`` (user data, a file name, a size) isolated for a translated sentence."""
    text = value if isinstance(value, Markup) else escape(str(value))
    return Markup(FIRST_STRONG_ISOLATE) + text + Markup(POP_DIRECTIONAL_ISOLATE)  # noqa: S704  # nosec B704


def bdi(value: object) -> Markup:
    """``value`` isolated in a control's label (a link, a button): ``<bdi>`` keeps the
    invisible isolates out of its accessible name, which voice control matches."""
    text = value if isinstance(value, Markup) else escape(str(value))
    return Markup("<bdi>") + text + Markup("</bdi>")  # noqa: S704  # nosec B704


def select_locale() -> str:
    """The person's own setting, the switcher's choice, the start page's ``lang``, then the
    browser's wish.

    Outside a request (the `flask` commands) messages are in English, the operators'
    common language.
    """
    if not has_request_context():
        return "en"
    if current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    # The home-screen icon opens the start page in the language it was added in.
    if request.args.get("lang") in LANGUAGES:
        return request.args["lang"]
    return (
        request.accept_languages.best_match(LANGUAGES) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def page_translations():
    """flask-babel's catalogue for the current locale, found once per locale a request uses.

    flask-babel finds it again for every message a template prints (the domain, the locale
    as a string, its cache): a participants table of a few hundred cells spent a third of
    its time there. A change of locale within the request (``force_locale``, for a PDF in
    its course's language) is a new locale object, so the catalogue is found again.
    """
    # flask-babel keeps the request's locale on ``g._flask_babel.babel_locale`` once it has
    # found it (``get_locale``; ``force_locale`` swaps it): read there, a call chain less
    # for each message. Until then, and outside an application, flask-babel's own way.
    babel_state = g.get("_flask_babel") if has_app_context() else None
    locale = getattr(babel_state, "babel_locale", None)
    if locale is None:
        if not has_app_context():
            return get_translations()
        locale = get_locale()
        babel_state = g._flask_babel
    remembered = getattr(babel_state, _PAGE_TRANSLATIONS, None)
    if remembered is None or remembered[0] is not locale:
        remembered = (locale, get_translations())
        setattr(babel_state, _PAGE_TRANSLATIONS, remembered)
    return remembered[1]


# Where ``page_translations`` keeps the catalogue with the locale it was found for.
_PAGE_TRANSLATIONS = "_tamkeen_page_translations"


def register_i18n(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS_DIR),
    )
    # The callables flask-babel installs, with the catalogue looked up once (above).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = template_gettext
    # Forms' own messages (wtforms' catalogue), loaded once per language (below).
    flask_wtf.i18n._get_translations = wtforms_translations


# wtforms' catalogue (its messages: "Not a valid integer value.") by language.
_WTFORMS_CATALOGUES: dict[str, Any] = {}


def wtforms_translations():
    """flask-wtf's ``i18n._get_translations``, with wtforms' catalogue read from its file
    once per language and process instead of once per request: every page with a form
    (a quiz question: ~7 % of its time) opened and parsed the ``.mo`` file again. The
    same catalogue, by the same rules: none outside a request or without flask-babel."""
    if not has_request_context() or "babel" not in current_app.extensions:
        return None
    locale = get_locale()
    found = _WTFORMS_CATALOGUES.get(str(locale))
    if found is None:
        found = support.Translations.load(wtforms.i18n.messages_path(), [locale], "wtforms")
        _WTFORMS_CATALOGUES[str(locale)] = found
    return found


# A catalogue's messages without placeholders, as templates print them, by message.
_PAGE_WORDS = "_tamkeen_page_words"


@pass_context
def template_gettext(context: Context, string: str, **variables: Any) -> str:
    """Jinja's newstyle ``_()`` and ``gettext()`` (``jinja2.ext._make_new_gettext``), with a
    message that takes no values kept per catalogue once made: a signed-in page prints
    forty of them, each a chain of calls (the alias, the context, the catalogue, Markup and
    its ``%``) for the same few words on every page."""
    translations = page_translations()
    autoescape = context.eval_ctx.autoescape
    if variables or not autoescape or type(string) is not str:
        text = translations.ugettext(string)
        # Our catalogue's text is markup, as Jinja's own gettext takes it.
        return (Markup(text) if autoescape else text) % variables  # noqa: S704  # nosec B704
    words = translations.__dict__.setdefault(_PAGE_WORDS, {})
    made = words.get(string)
    if made is None:
        made = Markup(translations.ugettext(string)) % variables  # noqa: S704  # nosec B704
        if len(words) < 5000:
            words[string] = made
    return made
