"""A prototype, not used by the app: the report's participants table laid out in chunks in
parallel processes and the PDFs joined with their tags (issue 17, session pdfrep17).

The report's HTML (``pdf_report_bench.py html``) is given its fixed column widths once
(``reports/pdf_table.py``), its table's rows are cut into ``--chunks`` parts; the first
part keeps everything before and after the table, the others are the table alone (its
head repeated) starting on a new page. Each part is laid out in its own process; the
PDFs are joined with pypdf: pages appended, each part's tagged /Table elements appended
to the first part's /Document (WeasyPrint already tags each page's piece of the table
as a /Table of its own), the parent tree renumbered. Prints each part's CPU time and the
join's. Unfinished: the text after the table stays after the first part, and the later
parts' page numbers start again at 1.

    PYTHONPATH=bench:platform:. .venv/bin/python bench/pdf_chunks.py /tmp/report.html \
        --chunks 2 -o /tmp/joined.pdf
"""

import argparse
import io
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _layout(html: str) -> tuple[bytes, float]:
    from tamkeen import pdf

    started = time.process_time()
    data = pdf._lay_out(html, None)
    return data, time.process_time() - started


def split(html: str, chunks: int) -> list[str]:
    from tamkeen.reports import pdf_table

    start = html.find(pdf_table.FIXED_START)
    body = pdf_table._TBODY.search(html, start)
    rows = pdf_table._ROW.findall(body.group(1))
    size = -(-len(rows) // chunks)
    parts = [
        "".join(f"<tr>{r}</tr>" for r in rows[i : i + size]) for i in range(0, len(rows), size)
    ]
    table_head = html[start : body.start(1)]
    first = html[: body.start(1)] + parts[0] + html[body.end(1) :]
    head = html[: html.find("<body")]
    others = [f"{head}<body>{table_head}{part}</tbody></table></body></html>" for part in parts[1:]]
    return [first, *others]


def join(documents: list[bytes]) -> bytes:
    import pypdf
    from pypdf.generic import NameObject, NumberObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(documents[0])))
    tree = writer._root_object["/StructTreeRoot"].get_object()
    document = tree["/K"][0].get_object()
    document_ref = tree["/K"][0]
    nums = tree["/ParentTree"].get_object()["/Nums"]
    for data in documents[1:]:
        reader = pypdf.PdfReader(io.BytesIO(data))
        offset = max(int(nums[i]) for i in range(0, len(nums), 2)) + 1
        for page in reader.pages:
            added = writer.add_page(page)
            if "/StructParents" in added:
                added[NameObject("/StructParents")] = NumberObject(
                    int(added["/StructParents"]) + offset
                )
        theirs = reader.trailer["/Root"]["/StructTreeRoot"]
        elements = theirs["/K"][0].get_object()["/K"]
        for element in elements:
            copy = element.clone(writer, ignore_fields=("/P",))  # an indirect reference
            _parent(copy.get_object(), copy, document_ref)
            document["/K"].append(copy)
        their_nums = theirs["/ParentTree"]["/Nums"]
        for i in range(0, len(their_nums), 2):
            nums.append(NumberObject(int(their_nums[i]) + offset))
            nums.append(their_nums[i + 1].clone(writer, ignore_fields=("/P",)))
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(
        max(int(nums[i]) for i in range(0, len(nums), 2)) + 1
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _parent(element, reference, parent_ref) -> None:
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject

    element[NameObject("/P")] = parent_ref
    kids = element.get("/K")
    if kids is None:
        return
    kids = kids if isinstance(kids, list) else [kids]
    for kid in kids:
        kid_object = kid.get_object()
        if isinstance(kid, IndirectObject) and isinstance(kid_object, DictionaryObject):
            if "/S" in kid_object:
                _parent(kid_object, kid, reference)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html")
    parser.add_argument("--chunks", type=int, default=2)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    from tamkeen.reports.pdf_table import fix_columns

    started = time.process_time()
    html = fix_columns(Path(args.html).read_text())
    measured = time.process_time() - started
    parts = split(html, args.chunks)
    wall = time.perf_counter()
    with ProcessPoolExecutor(args.chunks) as pool:
        laid_out = list(pool.map(_layout, parts))
    wall = time.perf_counter() - wall
    started = time.process_time()
    joined = join([data for data, _cpu in laid_out])
    joining = time.process_time() - started
    Path(args.output).write_bytes(joined)
    cpus = ", ".join(f"{cpu:.1f}" for _data, cpu in laid_out)
    print(f"widths {measured:.2f} s; parts' CPU {cpus} s (wall {wall:.1f} s); "
          f"join {joining:.2f} s; {len(joined) / 1e6:.2f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
