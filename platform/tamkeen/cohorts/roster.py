"""A CSV list of people to invite (username, display name): checked whole, then applied.

Nothing is written unless every row is good; each bad row is reported with its line number
and the reason. Nobody is put in the cohort by the list: everyone on it receives a personal
invitation and joins when they accept it (membership.py). Usernames that have no account
yet get one, with no password: the organizer receives, once, a one-time link per new
account to hand to its owner, who chooses a password through it and then answers the
invitation. Existing accounts keep the display name their owners chose, and the organizer
sees nothing of them until they accept.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts import services as accounts
from ..accounts.models import User
from ..extensions import db
from .membership import invite_people
from .models import Cohort

MAX_ROWS = 20_000
USERNAME = re.compile(r"^[\w.-]{3,40}$")
HEADER_NAMES = {"username", "user", "identifiant", "اسم المستخدم"}
CHUNK = 500  # usernames per IN (...) query


@dataclass(frozen=True)
class RosterRow:
    line: int
    username: str  # normalized
    display_name: str | None


@dataclass
class Roster:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


@dataclass
class RosterOutcome:
    invited: int = 0
    already: int = 0  # already in the cohort, or already invited
    created: list[tuple[str, str]] = field(default_factory=list)  # (username, one-time token)


def _decode(data: bytes) -> str | None:
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _delimiter(text: str) -> str:
    # Spreadsheets in French (and Arabic) settings save "CSV" with semicolons.
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _check_row(line: int, cells: list[str], seen: dict[str, int], roster: Roster) -> None:
    cells = [cell.strip() for cell in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return
    raw, display = cells[0], (cells[1] if len(cells) > 1 else "")
    username = accounts.normalize_username(raw)
    if len(cells) > 2:
        roster.problems.append((line, _l("A row has at most two cells: username, display name.")))
    elif not raw:
        roster.problems.append((line, _l("The username is missing.")))
    elif not USERNAME.match(username):
        roster.problems.append(
            (
                line,
                _l(
                    "%(username)s is not a valid username: 3 to 40 letters, digits, dots, "
                    "dashes or underscores.",
                    username=raw,
                ),
            )
        )
    elif username in seen:
        roster.problems.append(
            (
                line,
                _l("%(username)s is already on line %(line)d.", username=raw, line=seen[username]),
            )
        )
    elif len(display) > 80:
        roster.problems.append((line, _l("The display name has more than 80 characters.")))
    else:
        seen[username] = line
        roster.rows.append(RosterRow(line, username, " ".join(display.split()) or None))


def read_roster(data: bytes) -> Roster:
    """Every row of the file, or every problem in it; the file as a whole is checked first."""
    roster = Roster()
    text = _decode(data)
    if text is None:
        roster.problems.append((0, _l("The file is not UTF-8 text. Save it as “CSV UTF-8”.")))
        return roster
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    seen: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if line == 1 and cells and cells[0].strip().casefold() in HEADER_NAMES:
                continue
            if len(roster.rows) + len(roster.problems) >= MAX_ROWS:
                roster.problems.append((line, _l("A list has at most 20,000 rows.")))
                break
            _check_row(line, cells, seen, roster)
    except csv.Error:
        roster.problems.append((reader.line_num, _l("This line is not valid CSV.")))
    if not roster.rows and not roster.problems:
        roster.problems.append((0, _l("The file lists nobody.")))
    return roster


def one_row(username: str) -> Roster:
    """A list of one username (the people page's "invite someone" form), checked by the
    same rules as a file."""
    roster = Roster()
    _check_row(1, [username], {}, roster)
    return roster


def existing_users(usernames: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(usernames), CHUNK):
        chunk = usernames[start : start + CHUNK]
        for user in db.session.scalars(select(User).where(User.username.in_(chunk))):
            found[user.username] = user
    return found


def apply_roster(
    cohort: Cohort, roster: Roster, *, organization_id: int | None, by: Any
) -> RosterOutcome:
    """Invite everyone on a checked list, creating the accounts that do not exist yet."""
    if not roster.ok:
        raise ValueError("a roster with problems is never applied")
    found = existing_users([row.username for row in roster.rows])
    outcome = RosterOutcome()
    new = [
        accounts.create_account_for(row.username, row.display_name)
        for row in roster.rows
        if row.username not in found
    ]
    db.session.flush()
    outcome.created = [(user.username, accounts.create_password_link(user)) for user in new]
    db.session.flush()
    users = list(found.values()) + new
    outcome.invited, outcome.already = invite_people(
        cohort, users, organization_id=organization_id, by=by
    )
    return outcome
