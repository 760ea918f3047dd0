"""Text someone typed (a display name, an organization's name, a course title) never reaches
a spreadsheet as a formula, whatever the spreadsheet splits a line on: a French or Arabic
Excel reads "CSV" with semicolons, so a name such as ``Name;=cmd|' /C calc'!A0`` in a
comma-separated file would become a formula cell there, quotes or not."""

import csv
import io

import pytest
from openpyxl import load_workbook

PAYLOAD = "Name;=cmd|' /C calc'!A0"
# What a spreadsheet may take for the start of a formula, and what it may split on.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (";", ",", "\t")


def formula_pieces(text: str) -> list[str]:
    """The pieces of ``text`` that would start like a formula after a split on any of the
    separators (a field's own quote and leading spaces put aside)."""
    found = []
    for separator in SEPARATORS:
        for piece in text.split(separator):
            start = piece.lstrip(" ")
            start = start[1:] if start.startswith('"') else start
            if start.startswith(FORMULA_STARTS):
                found.append(piece)
    return found


def export(client, cohort, fmt: str, **options) -> bytes:
    response = client.post_form(f"/cohorts/{cohort.id}/reports/progress", {fmt: "1", **options})
    assert response.status_code == 200, response.status_code
    return response.data


@pytest.fixture
def typed_by_others(make, auth):
    organizer = make.user("org", roles=("trainee", "organizer"))
    course = make.course("Budgets,-2+3 for associations", modules=1, lessons=1)
    organization = make.organization("Réseau;@SUM(A1:A9)")
    people = [
        make.user("amal", display_name=PAYLOAD),
        make.user("badr", display_name="Badr\t=1+1"),
        make.user("chaima", display_name="Chaima, +212 600"),
    ]
    cohort = make.cohort(
        organizer, participants=people, courses=[course], member_organization=organization
    )
    auth.login("org")
    return cohort


def test_csv_report_quotes_every_field_and_no_piece_starts_a_formula(client, typed_by_others):
    for options in ({}, {"pseudonymise": "y"}):
        content = export(client, typed_by_others, "csv", **options).decode("utf-8-sig")
        lines = content.splitlines()
        rows = list(csv.reader(io.StringIO(content)))
        quoted = io.StringIO()
        csv.writer(quoted, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        assert quoted.getvalue() == content, "every field is quoted"
        for line in lines:
            assert formula_pieces(line) == [], line
        if not options:  # the names are still there to read, only made harmless
            names = {row[0] for row in rows[1:]}
            assert "Name;'=cmd|' /C calc'!A0" in names


def test_xlsx_report_has_no_text_cell_that_starts_a_formula(client, typed_by_others):
    for options in ({}, {"pseudonymise": "y"}):
        sheet = load_workbook(io.BytesIO(export(client, typed_by_others, "xlsx", **options)))
        for row in sheet.active.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert formula_pieces(cell.value) == [], cell.value
