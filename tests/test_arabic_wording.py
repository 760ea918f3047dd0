"""Arabic wording that addresses the reader is gender-inclusive: no masculine imperative
("اختر", "أدخل") opens a sentence of the interface; requests are verbal nouns ("يُرجى
إدخال...") or passives instead (docs/notes/issue-18-finish18.md lists the changes)."""

import re

import pytest
from babel.messages.pofile import read_po

from tamkeen.i18n import TRANSLATIONS_DIR

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

MASCULINE_IMPERATIVES = (
    "اختر", "أدخل", "اكتب", "أضف", "احفظ", "احذف", "راجع", "اطلب", "استعمل", "استخدم",
    "انسخ", "اقرأ", "ابدأ", "سجّل", "حمّل", "أعد", "عد", "جرّب", "اترك", "اتركه", "اتركها",
    "انقر", "اضغط", "انتظر", "تأكد", "اقبل", "اسأل", "أنشئ", "صحّح", "احفظه", "أعطِ", "اذكر",
    "انقل", "نزّل", "تابع",
)  # fmt: skip
# At a sentence's start, or after "and" (و) or "so" (ف) joined to it.
SENTENCE_START = re.compile(rf"(?:^|[.:؛،!?؟] |[\s][وف])({'|'.join(MASCULINE_IMPERATIVES)}) ")
MASCULINE_STATES = ("أنت مسجّل", "أنت متّصل", "أنت مشارك", "ما لم تقبل")


def test_no_arabic_sentence_starts_with_a_masculine_imperative():
    with open(TRANSLATIONS_DIR / "ar" / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file)
    found = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if SENTENCE_START.search(text or "") or any(
                s in (text or "") for s in MASCULINE_STATES
            ):
                found.append(f"{message.id!r}: {text}")
    assert found == []
