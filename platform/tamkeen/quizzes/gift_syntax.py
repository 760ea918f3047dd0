"""GIFT's text rules, shared by the question kinds (each writes its own answers in GIFT)
and gift_export.py (which writes the question around them)."""

_RESERVED = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:",
     "\n": "\\n", "\r": ""}
)  # fmt: skip


def escape(text: str) -> str:
    return text.translate(_RESERVED)


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def feedback(text: str) -> str:
    return f"#{escape(text)}" if text else ""
