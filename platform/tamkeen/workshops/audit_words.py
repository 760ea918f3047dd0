"""The workshops' lines of the audit log in words, and their notice to a renamed person."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..audit import describe_actions

RENAMED = "workshop.renamed"


def register_audit_words() -> None:
    describe_actions(
        {
            "workshop.kit_exported": _l("exported a workshop kit for the cohort"),
            "workshop.set_up": _l("set this workshop laptop up from a kit"),
            "workshop.results_imported": _l("imported a workshop laptop's results"),
            "workshop.kit_revoked": _l("revoked a workshop kit: its results are refused"),
        }
    )


def register_notices() -> None:
    from ..accounts.notices import NoticeKind, register_kind

    register_kind(
        RENAMED,
        NoticeKind(
            text=lambda d: str(
                _l(
                    "The username you chose at the workshop, %(old)s, was already taken on "
                    "this server. Sign in here as %(new)s, with the same password.",
                    old=d.get("old", ""),
                    new=d.get("new", ""),
                )
            ),
            link=lambda _notice: (url_for("accounts.account"), str(_l("My account"))),
        ),
    )
