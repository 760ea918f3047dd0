"""How complete each catalogue is: the strings of the interface not yet translated.

Read from the files translators edit (``messages.pot``, the template ``make messages``
extracts, and each language's ``messages.po``), not from the compiled ``.mo``: a string
missing from a ``.po`` is missing whether or not it was compiled. English is the source
language, so its catalogue is not counted.
"""

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from ..i18n import LANGUAGES, TRANSLATIONS_DIR

SOURCE_LANGUAGE = "en"
# Catalogues drafted without a native speaker: the page says so until reviewers sign off.
AWAITING_REVIEW = frozenset({"zgh"})


@dataclass(frozen=True)
class CatalogueState:
    code: str
    total: int
    untranslated: list[str] = field(default_factory=list)  # msgids, in the template's order
    awaiting_review: bool = False

    @property
    def translated(self) -> int:
        return self.total - len(self.untranslated)


def _is_translated(message) -> bool:
    if message is None or message.fuzzy:
        return False
    if isinstance(message.string, str):
        return bool(message.string)
    return all(message.string)


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def catalogue_states(directory: Path = TRANSLATIONS_DIR) -> list[CatalogueState]:
    """Each interface language but English, with the template's strings it lacks."""
    template = directory / "messages.pot"
    codes = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)
    stamps = tuple(_stamp(directory / code / "LC_MESSAGES" / "messages.po") for code in codes)
    return _states(template, _stamp(template), codes, stamps)


# Reading the four files takes a few tenths of a second; they change only with a release.
@lru_cache(maxsize=4)
def _states(template: Path, template_stamp, codes, stamps) -> list[CatalogueState]:
    ids = [message.id for message in _read(template) if message.id]
    states = []
    for code, stamp in zip(codes, stamps, strict=True):
        path = template.parent / code / "LC_MESSAGES" / "messages.po"
        catalogue = _read(path) if stamp else None
        missing = [
            _msgid_of(message_id)
            for message_id in ids
            if catalogue is None or not _is_translated(catalogue.get(message_id))
        ]
        states.append(CatalogueState(code, len(ids), missing, code in AWAITING_REVIEW))
    return states


def _msgid_of(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]
