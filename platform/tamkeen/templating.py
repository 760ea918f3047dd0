"""Everything templates use besides a view's own values: filters and shared context.

Registered in one place, so a template's names can be found here and nowhere else.
"""

from flask import Flask, has_request_context, render_template, request, url_for
from flask_babel import get_locale
from jinja2 import Environment, pass_environment
from markupsafe import Markup

from .i18n import LANGUAGES, bdi, content_lang, direction, isolate

# What fixed_url and once_per_locale found, per application (tests make many), by key.
_REMEMBERED = "tamkeen_remembered"


@pass_environment
def fixed_url(env: Environment, endpoint: str, **values: str) -> str:
    """``url_for(endpoint, **values)`` for an address that is the same on every request (no
    id in it, not a static file, whose address follows its content): found once per
    application root. base.html prints a dozen of them on every page, and each
    ``url_for`` runs the URL defaults and builds the rule again."""
    try:
        root = request.script_root
    except RuntimeError:  # no request (not a page)
        return url_for(endpoint, **values)
    remembered = getattr(env, _REMEMBERED)
    key = ("url", root, endpoint, *sorted(values.items()))
    url = remembered.get(key)
    if url is None:
        url = remembered[key] = url_for(endpoint, **values)
    return url


@pass_environment
def once_per_locale(env: Environment, template: str) -> Markup:
    """``template`` rendered once per language (and application root), then reused: for a
    piece of every page that holds only translated words and fixed addresses, such as the
    words offline.js shows (a dozen ``_()`` a page otherwise). Rendered each time when
    templates reload (development), so an edit shows at once."""
    if env.auto_reload or not has_request_context():
        return _rendered(template)
    remembered = getattr(env, _REMEMBERED)
    key = ("fragment", template, str(get_locale()), request.script_root)
    fragment = remembered.get(key)
    if fragment is None:
        fragment = remembered[key] = _rendered(template)
    return fragment


def _rendered(template: str) -> Markup:
    # An autoescaped template's output, as an include would print it.
    return Markup(render_template(template))  # noqa: S704  # nosec B704


def id_url_prefix(endpoint: str, last: str, **values: object) -> str:
    """The address of ``endpoint`` up to its last part, the id ``last``: a page that links
    many objects of one kind (a course's lessons) builds the address once and adds each id,
    ``{{ prefix }}{{ lesson.id }}``, the same text as ``url_for`` with each id."""
    url = url_for(endpoint, **values, **{last: 0})
    if not url.endswith("/0"):
        raise ValueError(f"{endpoint} does not end with its {last}: {url}")
    return url[:-1]


def register_filters_and_context(app: Flask) -> None:
    from .accounts import ROLE_NAMES
    from .accounts.notices import unseen_notices_label
    from .addresses import external_url
    from .certificates.codes import format_code
    from .numbers import file_size, short_number, whole_percent
    from .pdf import print_date, print_month
    from .text import render_inline_markdown, render_markdown, render_markdown_excerpt

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["external_url"] = external_url
    setattr(app.jinja_env, _REMEMBERED, {})
    app.jinja_env.globals["fixed_url"] = fixed_url
    app.jinja_env.globals["id_url_prefix"] = id_url_prefix
    app.jinja_env.globals["once_per_locale"] = once_per_locale
    # What the content_lang macro (templates/_macros/language.html) is.
    app.jinja_env.globals["content_lang_attributes"] = content_lang
    app.jinja_env.filters.update(
        markdown=render_markdown,
        inline_markdown=render_inline_markdown,
        markdown_excerpt=render_markdown_excerpt,
        direction=direction,
        long_date=print_date,
        month_date=print_month,
        format_certificate_code=format_code,
        short_number=short_number,
        whole_percent=whole_percent,
        file_size=file_size,
        isolate=isolate,
        bdi=bdi,
    )

    @app.context_processor
    def _shared_context() -> dict:
        locale = str(get_locale())
        return {
            "LANGUAGES": LANGUAGES,
            "page_locale": locale,
            "page_direction": direction(locale),
            "role_names": ROLE_NAMES,
            "notices_label": unseen_notices_label,
        }
