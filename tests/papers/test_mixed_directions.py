"""Left-to-right runs inside an Arabic paper keep their own order, on its page and in its
PDF: "(.zip)" never reads "(zip.)", "18.5 kB" never "kB 18.5", and a Latin quotation keeps
its closing punctuation at its end."""

from ..pdftools import snapshot, word_positions

BODY = (
    "## ملفات\n\n"
    "حمّل الملف (.zip) وحجمه 18.5 kB تقريبًا.\n\n"
    'قال الكاتب: "Freedom of expression is a right." ثم أضاف.\n'
)
FSI, PDI = "\u2068", "\u2069"


def test_latin_runs_in_an_arabic_paper_keep_their_order(client, make, tmp_path):
    paper = make.paper("ملفات الحملة", language="ar", body=BODY)
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    for run in ("(.zip)", "18.5 kB", '"Freedom of expression is a right."'):
        assert f"{FSI}{run}{PDI}" in page, run

    path = tmp_path / "paper.pdf"
    with client.get(f"/papers/{paper.id}/download") as response:
        path.write_bytes(response.get_data())
    snapshot(path, "paper-mixed-directions", page=2)
    words = word_positions(path, page=2)
    # Drawn left to right inside the right-to-left line: the number before its unit, the
    # extension's dot before its letters, the quotation's full stop at its end.
    assert words["18.5"][0] < words["kB"][0]
    assert "(.zip)" in words
    assert words['"Freedom'][0] < words['right."'][0]
