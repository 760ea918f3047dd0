"""Verification codes: unguessable, and easy to read aloud or type from paper.

28 symbols from an alphabet of 30 that leaves out the look-alikes (0 O, 1 I L, and U,
which reads as V) carry 28 × log2(30) ≈ 137 random bits. They are shown in seven groups
of four, and typed in any case, with or without the dashes or spaces.
"""

import math
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28
GROUP = 4
BITS = LENGTH * math.log2(len(ALPHABET))
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalize_code(typed: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    code = _SEPARATORS.sub("", typed or "").upper()
    if len(code) != LENGTH or any(symbol not in ALPHABET for symbol in code):
        return None
    return code
