"""Left-to-right runs in an Arabic paper are drawn in their own order by a real browser:
the dot of "(.zip)" left of its letters, "18.5" left of "kB", a quotation's full stop at
its right end. With ``TAMKEEN_SHOTS=<folder>`` the page is saved there, phone and laptop."""

import os
from pathlib import Path

BODY = (
    "حمّل الملف (.zip) وحجمه 18.5 kB تقريبًا.\n\n"
    'قال الكاتب: "Freedom of expression is a right." ثم أضاف.\n'
)
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
# The left edge of a text's first occurrence of ``needle``'s character ``index``.
X_OF = """([needle, index]) => {
  const walker = document.createTreeWalker(document.querySelector('.paper-text'), 4);
  while (walker.nextNode()) {
    const at = walker.currentNode.data.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(walker.currentNode, at + index);
    range.setEnd(walker.currentNode, at + index + 1);
    return range.getBoundingClientRect().left;
  }
  return null;
}"""


def x(page, needle: str, index: int) -> float:
    return page.evaluate(X_OF, [needle, index])


def test_a_reader_sees_latin_runs_in_an_arabic_paper_in_their_order(browser, make):
    paper = make.paper("ملفات الحملة", language="ar", body=BODY)
    reader = browser(locale="ar", javascript=False)
    for size in (PHONE, LAPTOP):
        reader.page.set_viewport_size(size)
        page = reader.goto(f"/papers/{paper.id}")
        assert x(page, "(.zip)", 1) < x(page, "(.zip)", 2)  # "." then "z", not "(zip.)"
        assert x(page, "18.5 kB", 0) < x(page, "18.5 kB", 5)  # "18.5" then "kB", not "kB 18.5"
        quote = '"Freedom of expression is a right."'
        assert x(page, quote, 1) < x(page, quote, len(quote) - 2)  # its full stop at its end
        folder = os.environ.get("TAMKEEN_SHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/paper-mixed-{size['width']}.png", full_page=True)
