"""The policy papers' lines of the audit log in words, and how the log names a paper."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..audit import describe_actions, describe_targets
from .models import PolicyPaper


def register_audit_words() -> None:
    describe_actions(
        {
            "paper.published": _l("published a policy paper"),
            "paper.updated": _l("changed a policy paper"),
        }
    )
    describe_targets(PolicyPaper, lambda paper: paper.title, _l("a deleted paper"), url=_paper_url)


def _paper_url(paper: PolicyPaper, _reader) -> str:
    return url_for("papers.paper", paper_id=paper.id)  # the library is public
