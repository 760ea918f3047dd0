"""The organizer's summary of an import (docs/design/workshop-sync.md, 6.7).

The journal stores counts and user ids, no names; the lines are written when shown, so a
person erased since reads as "an erased person" and a renamed one shows the current name.
"""

from ..accounts.models import User
from ..extensions import db
from .models import WorkshopImport


def _n(summary: dict, key: str) -> int:
    return int(summary.get(key, 0))


def conflicts(summary: dict) -> list[str]:
    """How each conflict was settled, one line each (English: the command line's)."""
    lines = []
    for renamed in summary.get("renamed", []):
        user = db.session.get(User, renamed["user"])
        now = user.username if user else "an erased person"
        lines.append(
            f'Username "{renamed["from"]}" was taken here: that account is now '
            f'"{now}" (told by a notice).'
        )
    texts = {
        "erased_here": "{} person(s) erased here: nothing of theirs was brought back.",
        "erased_on_laptop": "{} person(s) erased on the laptop: erased here too.",
        "left_here": "{} person(s) had left the cohort here: their work is in their account, "
        "not shown to the cohort.",
        "memberships_ended": "{} person(s) left the cohort on the laptop: they left it here too.",
        "attempts_changed_ignored": "{} attempt(s) differed from the copy here: the copy here "
        "was kept (a submitted attempt never changes).",
        "certificates_duplicate": "{} certificate(s) from the laptop duplicated one held here: "
        "the one here was kept.",
        "certificates_revoked": "{} certificate(s) revoked on the laptop: revoked here too.",
        "lessons_dropped": "{} lesson(s) completed on the laptop no longer exist here: left out.",
        "attempts_dropped": "{} attempt(s) at quizzes that no longer exist here: left out.",
        "certificates_dropped": "{} certificate(s) for courses or people not here: left out.",
    }
    lines += [text.format(_n(summary, key)) for key, text in texts.items() if _n(summary, key)]
    return lines


def summary_lines(journal: WorkshopImport, *, already: bool = False) -> list[str]:
    s = journal.summary
    if already:
        return [
            f"Results #{journal.seq} from this laptop were already imported on "
            f"{journal.finished_at or journal.started_at:%Y-%m-%d %H:%M} UTC: nothing changed."
        ]
    found = conflicts(s)
    return [
        f"Results #{journal.seq} from laptop {str(journal.device)[:8]} imported.",
        f"People: {_n(s, 'people')} ({_n(s, 'new_accounts')} new accounts)",
        f"Lessons completed: {_n(s, 'lessons_new')} new, {_n(s, 'lessons_known')} already known",
        f"Quiz attempts: {_n(s, 'attempts_new')} new, {_n(s, 'attempts_known')} already known",
        f"Certificates: {_n(s, 'certificates_new')} issued at the workshop",
        f"Conflicts: {len(found)}" + (", settled so:" if found else ""),
        *(f"  - {line}" for line in found),
    ]


def conflict_words(summary: dict) -> list[str]:
    """How each conflict was settled, one sentence each, in the reader's language (the
    cohort's workshop page; ``conflicts`` above is the command line's English)."""
    from flask_babel import gettext as _
    from flask_babel import ngettext

    lines = []
    for renamed in summary.get("renamed", []):
        user = db.session.get(User, renamed["user"])
        now = user.username if user else _("an erased person")
        lines.append(
            _(
                "The username “%(old)s” was taken here: that account is now “%(new)s” "
                "(the person was told by a notice).",
                old=renamed["from"],
                new=now,
            )
        )
    words = {
        "erased_here": lambda n: ngettext(
            "%(num)d person erased here: nothing of theirs was brought back.",
            "%(num)d people erased here: nothing of theirs was brought back.",
            n,
        ),
        "erased_on_laptop": lambda n: ngettext(
            "%(num)d person erased on the laptop: erased here too.",
            "%(num)d people erased on the laptop: erased here too.",
            n,
        ),
        "left_here": lambda n: ngettext(
            "%(num)d person had left the cohort here: their work is in their account, not "
            "shown to the cohort.",
            "%(num)d people had left the cohort here: their work is in their accounts, not "
            "shown to the cohort.",
            n,
        ),
        "memberships_ended": lambda n: ngettext(
            "%(num)d person left the cohort on the laptop: they left it here too.",
            "%(num)d people left the cohort on the laptop: they left it here too.",
            n,
        ),
        "attempts_changed_ignored": lambda n: ngettext(
            "%(num)d attempt differed from the copy here: the copy here was kept (a submitted "
            "attempt never changes).",
            "%(num)d attempts differed from the copies here: the copies here were kept (a "
            "submitted attempt never changes).",
            n,
        ),
        "certificates_duplicate": lambda n: ngettext(
            "%(num)d certificate from the laptop duplicated one held here: the one here was kept.",
            "%(num)d certificates from the laptop duplicated ones held here: the ones here "
            "were kept.",
            n,
        ),
        "certificates_revoked": lambda n: ngettext(
            "%(num)d certificate revoked on the laptop: revoked here too.",
            "%(num)d certificates revoked on the laptop: revoked here too.",
            n,
        ),
        "lessons_dropped": lambda n: ngettext(
            "%(num)d lesson completed on the laptop no longer exists here: left out.",
            "%(num)d lessons completed on the laptop no longer exist here: left out.",
            n,
        ),
        "attempts_dropped": lambda n: ngettext(
            "%(num)d attempt at a quiz that no longer exists here: left out.",
            "%(num)d attempts at quizzes that no longer exist here: left out.",
            n,
        ),
        "certificates_dropped": lambda n: ngettext(
            "%(num)d certificate for a course or a person not here: left out.",
            "%(num)d certificates for courses or people not here: left out.",
            n,
        ),
    }
    lines += [say(_n(summary, key)) for key, say in words.items() if _n(summary, key)]
    return lines
