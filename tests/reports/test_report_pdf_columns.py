"""The progress report's participants table is laid out at fixed column widths measured
once (``reports/pdf_table.py``, issue 17: WeasyPrint's automatic layout measured each of
10,000 rows' cells twice). What the organizer reads must not change: the same columns at
the same widths, the same words wrapped at the same places, in French and in Arabic, and
still a tagged table. Names are no longer wrapped in <bdi> (one box less a row): the
same text, in the same order, as with it."""

import re
import subprocess

import pytest
from flask_babel import force_locale

from tamkeen import pdf
from tamkeen.cohorts import services as cohorts
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db
from tamkeen.reports import pdf_table
from tamkeen.reports.progress import ReportFilter
from tamkeen.reports.services import progress_html

from ..pdftools import tagged

LONG_ORGANIZATION = (
    "Collectif régional des associations de défense des droits des femmes rurales et "
    "de l'accès à l'information publique de la région Souss-Massa"
)


def _layout_text(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_fixed_columns_print_the_same_table_as_the_automatic_layout(
    app, make, small, tmp_path, language
):
    long_org = make.organization(LONG_ORGANIZATION)
    karim = make.user("karim", display_name="Karim Ait Benhaddou-El Idrissi Alaoui")
    with app.test_request_context(), force_locale(language):
        cohort = db.session.get(Cohort, small.cohort.id)
        cohorts.add_participants(
            cohort, [db.session.merge(karim)], organization_id=long_org.id, by=None
        )
        db.session.commit()
        html = progress_html(cohort, ReportFilter(), pseudonymise=False)
    fixed = pdf_table.fix_columns(html)
    assert fixed.count("<col style=") == 2 + 2 + 1  # name, organization, 2 courses, last
    assert 'class="participants fixed-columns"' in fixed

    # The reference: the automatic layout of the table as the template wrote it before,
    # each name in <bdi>.
    before = re.sub(r"<tr>\s*<td>([^<]*)</td>", r"<tr>\n<td><bdi>\1</bdi></td>", html)
    assert before.count("<bdi>Karim Ait") == 1 and before.count("<bdi>+Badr Oubaha") == 1
    automatic = _layout_text(pdf._lay_out(before, None), tmp_path, "automatic")
    data = pdf._lay_out(html, None, pdf_table.fix_columns)
    assert _layout_text(data, tmp_path, "fixed") == automatic
    # The long organization wraps over lines, at the same words in both.
    assert LONG_ORGANIZATION not in " ".join(automatic.split("   "))
    assert "Souss-Massa" in automatic

    reader, tags = tagged(data)
    assert reader.trailer["/Root"]["/Lang"] == language
    assert "/Table" in tags and "/TH" in tags
    assert tags.count("/TD") >= 4 * 5  # every participant's five cells, and more


def test_the_widest_cells_are_measured_whatever_their_length_in_letters():
    # Many distinct names: only the widest by the fonts' advance widths are measured. A
    # short name of wide letters is wider than long ones of narrow letters.
    narrow = [f"{'il' * 9} {n:04d}" for n in range(pdf_table.ALL_DISTINCT + 100)]
    wide = "MWMWMWMW ÉMMA"
    arabic = "عبد الرحمن الشرقاوي الإدريسي"
    chosen = pdf_table._candidates([*narrow, wide, arabic, narrow[0]])
    assert wide in chosen and arabic in chosen
    assert len(chosen) < len(narrow) // 4
    assert pdf_table._candidates(["b", "a", "b"]) == ["b", "a"]  # few: each distinct one


def test_a_report_without_the_table_is_left_as_it_is():
    html = "<html><body><p>Le tableau est dans le fichier CSV.</p></body></html>"
    assert pdf_table.fix_columns(html) == html


def test_a_table_that_cannot_be_measured_is_laid_out_as_before(monkeypatch, caplog):
    html = f"<html><body>{pdf_table.TABLE_START}<tbody><tr><td>a</td></tr></tbody></table>"

    def broken(_html):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf_table, "_laid_out_widths", broken)
    assert pdf_table.fix_columns(html) == html
    assert "automatic layout" in caplog.text
