"""The reports' lines of the audit log in words: who downloaded which report."""

from flask_babel import lazy_gettext as _l

from ..audit import describe_actions
from .services import MIMETYPES

FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel", "pdf": "PDF"}


def register_audit_words() -> None:
    words = {}
    for fmt in MIMETYPES:
        name = FORMAT_NAMES[fmt]
        words[f"report.progress.{fmt}"] = _l(
            "downloaded the progress report (%(format)s)", format=name
        )
        words[f"report.progress.{fmt}.pseudonymised"] = _l(
            "downloaded the pseudonymised progress report (%(format)s)", format=name
        )
    describe_actions(words)
