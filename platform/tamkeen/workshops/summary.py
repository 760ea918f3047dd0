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
