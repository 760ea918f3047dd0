"""spreadsheets.safe_cell: whatever someone typed, no piece of it starts a formula after a
split on any separator a spreadsheet may use, and nothing but apostrophes is added."""

import csv
import io
import re

from hypothesis import given
from hypothesis import strategies as st

from tamkeen.spreadsheets import csv_bytes, safe_cell

STARTS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
SEPARATORS = ";,\t\r\n\u060c\u061b"
# Text made mostly of the characters that matter, so that every arrangement turns up.
TYPED = st.text(alphabet=st.sampled_from(STARTS + SEPARATORS + " \u00a0'a|!(") | st.characters())


def pieces(text: str) -> list[str]:
    return re.split(f"[{SEPARATORS}]", text)


@given(TYPED)
def test_no_piece_of_a_safe_cell_starts_a_formula(text):
    safe = safe_cell(text)
    for piece in [safe, *pieces(safe)]:
        assert not piece.lstrip(" \u00a0").startswith(tuple(STARTS)), (text, piece)
    assert safe.replace("'", "") == text.replace("'", "")  # only apostrophes are added
    assert safe_cell(safe) == safe  # escaping twice changes nothing


def test_safe_cells_read_as_their_text():
    assert safe_cell("Name;=cmd|' /C calc'!A0") == "Name;'=cmd|' /C calc'!A0"
    assert safe_cell("+212 600, -5") == "'+212 600, '-5"
    assert safe_cell("a;\t=b") == "a;'\t'=b"
    assert safe_cell("Amal Tazi") == "Amal Tazi"
    assert safe_cell("2026-11-21") == "2026-11-21"  # dashes inside a piece are harmless
    assert safe_cell(-5) == -5 and safe_cell(None) is None  # numbers stay numbers


def test_csv_quotes_every_field_and_escapes_the_header():
    content = csv_bytes(["=Name", "Score"], [["'=x", 5], [None, 1.5]])
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text == '"\'=Name","Score"\r\n"\'=x","5"\r\n"","1.5"\r\n'
    assert list(csv.reader(io.StringIO(text)))[2] == ["", "1.5"]
