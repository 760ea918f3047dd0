"""Everything templates use besides a view's own values: filters and shared context.

Registered in one place, so a template's names can be found here and nowhere else.
"""

from flask import Flask
from flask_babel import get_locale

from .i18n import LANGUAGES, bdi, direction, isolate


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
