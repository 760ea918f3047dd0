"""The progress report PDF in Arabic: its summary reads right to left (each figure's label
at the right, its value to the left of it), every bar of its charts is labelled in joined
Arabic letters, dates are whole and Arabic, and its compact course cells have a legend."""

from babel.dates import format_date

from tamkeen.database import utcnow

from ..pdftools import pdf_text, snapshot, word_positions
from .helpers import export


def test_the_arabic_report_reads_right_to_left(client, auth, small, tmp_path):
    auth.login("org")
    client.post_form("/language", {"locale": "ar"})
    path = tmp_path / "report.pdf"
    path.write_bytes(export(client, small.cohort, "pdf"))
    snapshot(path, "progress-report-ar")
    words = word_positions(path)
    label, value = words["المشاركون"], words["3"]  # "Participants: 3", the first line
    assert label[1] == value[1] and label[0] > value[0] + 100  # the label first, at the right

    text = pdf_text(path)
    # Each funnel's four bars say what they count, in joined letters (the SVG text that
    # WeasyPrint drew glyph by glyph read "اوؤدب" for "بدؤوا").
    assert text.count("بدؤوا") == 4  # two courses: a bar and a table column each
    assert "اوؤدب" not in text and "نولّجسم" not in text
    today = utcnow().date()
    month = format_date(today, "MMMM", locale="ar_MA")  # e.g. "دجنبر"
    assert month in text and today.isoformat() not in text  # last activity, in Arabic
    assert "كل خانة دورة" in text  # the legend of the compact cells
