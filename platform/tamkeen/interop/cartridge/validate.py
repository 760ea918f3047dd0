"""Tamkeen's validator for Common Cartridge 1.1 and 1.3: our schemas, and what they cannot say.

The 1EdTech XSDs could not be committed (docs/interoperability.md, "The validator"), so the
shapes are checked against Tamkeen's own RELAX NG schemas (``interop/schemas/``), written
from the specification, and this module checks the rest: every ``identifierref`` and
``dependency`` resolves, identifiers are unique, every ``file/@href`` is in the zip and
nothing else is, resource types come from the CC vocabulary, an assessment is one file,
Moodle's namespace string is in the first 1024 bytes, each QTI item follows its profile
(true/false labels ``true``/``false``, ``cc_weighting`` 1..99, ...), and every relative
link of a web page finds its file. Every XML file is parsed by ``xmlsafe``: a cartridge
may come from anywhere.

A problem is (file, line, message); line 0 when it belongs to no line. Messages are in
English: they are for developers and tests (the export's own report is translated).
"""

import io
import posixpath
import zipfile
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from .. import xmlsafe

SCHEMAS = Path(__file__).parent.parent / "schemas"
MANIFEST = "imsmanifest.xml"
NAMESPACES = {
    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1": "1.1",
    "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1": "1.3",
}
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MOODLE_DETECTION = 'xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"'
ONE_FILE_KINDS = ("assessment", "question-bank", "weblink", "discussion")


class Problem(NamedTuple):
    file: str
    line: int
    message: str


def resource_types(version: str) -> dict[str, str]:
    """The CC vocabulary of resource types → what Tamkeen calls each kind."""
    v = version.replace(".", "p")
    types = {
        "webcontent": "webcontent",
        f"imswl_xmlv{v}": "weblink",
        f"imsdt_xmlv{v}": "discussion",
        f"imsqti_xmlv1p2/imscc_xmlv{v}/assessment": "assessment",
        f"imsqti_xmlv1p2/imscc_xmlv{v}/question-bank": "question-bank",
        f"associatedcontent/imscc_xmlv{v}/learning-application-resource": "associated",
        "imsbasiclti_xmlv1p0": "lti",
    }
    if version == "1.3":
        types |= {
            "imsbasiclti_xmlv1p3": "lti",
            "assignment_xmlv1p0": "assignment",
            "imsapip_zipv1p0": "apip",
            "imsiwb_iwbv1p0": "iwb",
            "idpfepub_epubv3p0": "epub",
        }
    return types


@cache
def _manifest_schema(version: str) -> etree.RelaxNG:
    text = (SCHEMAS / "cc_manifest.rng").read_bytes()
    if version == "1.3":
        text = text.replace(b"imsccv1p1", b"imsccv1p3").replace(b">1.1.0<", b">1.3.0<")
    return etree.RelaxNG(etree.fromstring(text, xmlsafe.parser()))


@cache
def _qti_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.fromstring((SCHEMAS / "cc_qti.rng").read_bytes(), xmlsafe.parser()))


def _schema_problems(schema: etree.RelaxNG, root: etree._Element, path: str) -> list[Problem]:
    if schema.validate(root.getroottree()):
        return []
    return [Problem(path, error.line, error.message) for error in schema.error_log]


def validate_cartridge(data: bytes) -> list[Problem]:
    """Every problem of a .imscc zip; an empty list when it is valid."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if not info.is_dir()
            }
    except zipfile.BadZipFile:
        return [Problem("", 0, "not a zip file")]
    return validate_files(files)


def validate_folder(folder: Path) -> list[Problem]:
    """The same checks for a cartridge unpacked in ``folder``."""
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    return validate_files(files)


def validate_files(files: dict[str, bytes]) -> list[Problem]:
    if MANIFEST not in files:
        return [Problem(MANIFEST, 0, "no imsmanifest.xml at the root of the cartridge")]
    try:
        manifest = xmlsafe.parse(files[MANIFEST])
    except xmlsafe.UnsafeXML as error:
        return [Problem(MANIFEST, 0, f"unreadable: {error}")]
    version = NAMESPACES.get(etree.QName(manifest).namespace or "")
    if etree.QName(manifest).localname != "manifest" or version is None:
        return [Problem(MANIFEST, manifest.sourceline or 0, "not a CC 1.1 or 1.3 manifest")]
    problems = _schema_problems(_manifest_schema(version), manifest, MANIFEST)
    if version == "1.1" and MOODLE_DETECTION.encode() not in files[MANIFEST][:1024]:
        problems.append(
            Problem(MANIFEST, 1, f"Moodle looks for {MOODLE_DETECTION} in the first 1024 bytes")
        )
    stated = manifest.findtext(f"{{{etree.QName(manifest).namespace}}}metadata/"
                               f"{{{etree.QName(manifest).namespace}}}schemaversion")  # fmt: skip
    if stated != f"{version}.0":
        problems.append(
            Problem(MANIFEST, 0, f"the schemaversion of a CC {version} manifest is {version}.0")
        )
    problems += _references(manifest, files, version)
    return problems


def _references(manifest: etree._Element, files: dict[str, bytes], version: str) -> list[Problem]:
    checker = _ManifestChecker(manifest, files, version)
    checker.identifiers()
    checker.items()
    for key in checker.resources:
        checker.resource(key)
    for path in sorted(set(files) - checker.named - {MANIFEST}):
        checker.problems.append(Problem(path, 0, "the file is in the zip but no resource lists it"))
    return checker.problems


class _ManifestChecker:
    """What the manifest schema cannot say: references, files, vocabulary, and the files'
    own checks (QTI, web pages)."""

    def __init__(self, manifest: etree._Element, files: dict[str, bytes], version: str):
        self.manifest, self.files, self.version = manifest, files, version
        self.ns = {"cp": etree.QName(manifest).namespace}
        self.problems: list[Problem] = []
        self.resources = {
            r.get("identifier"): r for r in manifest.iterfind(".//cp:resource", self.ns)
        }
        vocabulary = resource_types(version)
        self.kinds = {
            key: vocabulary.get(r.get("type", ""), "") for key, r in self.resources.items()
        }
        self.named: set[str] = set()

    def problem(self, element: etree._Element, message: str) -> None:
        self.problems.append(Problem(MANIFEST, element.sourceline or 0, message))

    def identifiers(self) -> None:
        identified = self.manifest.xpath("//cp:*[@identifier]", namespaces=self.ns)
        counts = Counter(element.get("identifier") for element in identified)
        for element in identified:
            if counts[element.get("identifier")] > 1:
                self.problem(
                    element, f"identifier {element.get('identifier')!r} is used more than once"
                )

    def items(self) -> None:
        for item in self.manifest.iterfind(".//cp:item[@identifierref]", self.ns):
            target, name = item.get("identifierref"), item.get("identifier")
            if target not in self.resources:
                self.problem(item, f"item {name!r} points at no resource ({target!r})")
            elif self.kinds[target] == "question-bank":
                self.problem(item, f"item {name!r} points at a question bank")

    def resource(self, key: str) -> None:
        resource, kind = self.resources[key], self.kinds[key]
        if not kind:
            type_ = resource.get("type")
            self.problem(
                resource, f"resource {key!r}: type {type_!r} is not a CC {self.version} type"
            )
        hrefs = self.resource_files(key, resource)
        href = resource.get("href")
        if href is not None and href not in hrefs:
            self.problem(resource, f"resource {key!r}: its href {href!r} is not one of its files")
        if kind in ONE_FILE_KINDS and len(hrefs) != 1:
            self.problem(resource, f"resource {key!r}: a {kind} is exactly one file")
        if kind in ONE_FILE_KINDS and href is not None:
            self.problem(resource, f"resource {key!r}: a {kind} has no href")
        self.dependencies(key, resource)
        present = [path for path in hrefs if path in self.files]
        if kind in ("assessment", "question-bank") and len(hrefs) == 1 and present:
            self.problems += validate_qti(
                self.files[hrefs[0]], hrefs[0], bank=kind == "question-bank"
            )
        for path in present if kind == "webcontent" else []:
            if path.lower().endswith((".html", ".htm")):
                self.problems += _page_links(self.files[path], path, self.files)

    def resource_files(self, key: str, resource: etree._Element) -> list[str]:
        hrefs = [f.get("href", "") for f in resource.iterfind("cp:file", self.ns)]
        self.named.update(hrefs)
        for href, count in Counter(hrefs).items():
            if count > 1:
                self.problem(resource, f"resource {key!r} lists the file {href!r} twice")
        for file in resource.iterfind("cp:file", self.ns):
            href = file.get("href", "")
            if not _inside(href):
                self.problem(file, f"file {href!r} is not a relative path inside the cartridge")
            elif href not in self.files:
                self.problem(file, f"file {href!r} is not in the cartridge")
        return hrefs

    def dependencies(self, key: str, resource: etree._Element) -> None:
        kind = self.kinds[key]
        elements = list(resource.iterfind("cp:dependency", self.ns))
        targets = [d.get("identifierref") for d in elements]
        for dependency, target in zip(elements, targets, strict=True):
            other = self.kinds.get(target, "")
            if target not in self.resources:
                message = f"resource {key!r} depends on no resource ({target!r})"
            elif target == key:
                message = f"resource {key!r} depends on itself"
            elif targets.count(target) > 1:
                message = f"resource {key!r} depends on {target!r} twice"
            elif kind in ("assessment", "question-bank") and other != "webcontent":
                message = f"resource {key!r}: a {kind} depends on web content only"
            elif kind == "webcontent" and other in (*ONE_FILE_KINDS, "lti"):
                message = f"resource {key!r}: web content cannot depend on a {other}"
            else:
                continue
            self.problem(dependency, message)


def _inside(href: str) -> bool:
    if not href or href.startswith("/") or "\\" in href or urlsplit(href).scheme:
        return False
    return not posixpath.normpath(href).startswith("..")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in (("img", "src"), ("a", "href"), ("link", "href")) and value:
                self.found.append((self.getpos()[0], value))


def _page_links(html: bytes, path: str, files: dict[str, bytes]) -> list[Problem]:
    """Every relative link of a web page names a file of the cartridge."""
    parser = _Links()
    parser.feed(html.decode("utf-8", errors="replace"))
    problems = []
    for line, link in parser.found:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("#") or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
        if target not in files:
            problems.append(
                Problem(path, line, f"the link {link!r} names no file of the cartridge")
            )
    return problems


# -- QTI -----------------------------------------------------------------------------------
ITEM_FIELDS = ("cc_profile", "cc_weighting", "qmd_scoringpermitted", "qmd_computerscored")


def _fields(metadata: etree._Element | None) -> list[tuple[etree._Element, str, str]]:
    if metadata is None:
        return []
    return [
        (field, field.findtext(f"{{{QTI}}}fieldlabel", "").strip(),
         field.findtext(f"{{{QTI}}}fieldentry", "").strip())
        for field in metadata.iterfind(f"{{{QTI}}}qtimetadatafield")
    ]  # fmt: skip


def validate_qti(data: bytes, path: str, *, bank: bool = False) -> list[Problem]:
    try:
        root = xmlsafe.parse(data)
    except xmlsafe.UnsafeXML as error:
        return [Problem(path, 0, f"unreadable: {error}")]
    problems = _schema_problems(_qti_schema(), root, path)
    q = f"{{{QTI}}}"

    def problem(element: etree._Element, message: str) -> None:
        problems.append(Problem(path, element.sourceline or 0, message))

    body = root.find(f"{q}objectbank" if bank else f"{q}assessment")
    if body is None:
        problem(root, "an objectbank is expected" if bank else "an assessment is expected")
        return problems
    if not bank:
        fields = _fields(body.find(f"{q}qtimetadata"))
        _counted(fields, ("cc_profile",), problem, body)
    # Items and sections are named across the file; responses, labels, feedback in an item.
    scopes = [(body, (f"{q}section", f"{q}item"))]
    scopes += [(item, (f"{q}itemfeedback", f"{q}response_lid", f"{q}response_str"))
               for item in body.iter(f"{q}item")]  # fmt: skip
    for scope, tags in scopes:
        named = [element for element in scope.iter(*tags) if element.get("ident")]
        idents = Counter(element.get("ident") for element in named)
        for element in named:
            if idents[element.get("ident")] > 1:
                problem(element, f"ident {element.get('ident')!r} is used more than once")
    for item in body.iter(f"{q}item"):
        _item(item, problem)
    return problems


def _counted(fields, required: tuple[str, ...], problem, element) -> None:
    labels = Counter(label for _field, label, _entry in fields)
    for label in required:
        if labels[label] != 1:
            problem(element, f"exactly one {label} is expected, not {labels[label]}")
    for label, count in labels.items():
        if count > 1 and label not in required:
            problem(element, f"{label} is given {count} times")


def _item(item: etree._Element, problem) -> None:
    q = f"{{{QTI}}}"
    fields = _fields(item.find(f"{q}itemmetadata/{q}qtimetadata"))
    _counted(fields, ("cc_profile",), problem, item)
    entries = {label: entry for _field, label, entry in fields}
    profile = entries.get("cc_profile", "")
    name = item.get("ident")
    lids = list(item.iter(f"{q}response_lid"))
    strs = list(item.iter(f"{q}response_str"))
    labels = [label.get("ident") for lid in lids for label in lid.iter(f"{q}response_label")]
    if profile in CHOICE_PROFILES:
        _choice_item(item, profile, lids, strs, labels, problem)
    elif profile and (len(strs) != 1 or lids):
        problem(item, f"item {name!r} ({profile}) has one response_str and nothing else")
    for field, label, entry in fields:
        if label == "cc_weighting" and not (entry.isdigit() and 1 <= int(entry) <= 99):
            problem(field, f"item {name!r}: cc_weighting must be a whole number from 1 to 99")
    substrings = list(item.iter(f"{q}varsubstring"))
    if substrings and profile != "cc.pattern_match.v0p1":
        problem(substrings[0], f"item {name!r}: only a pattern match may use varsubstring")
    if profile == "cc.essay.v0p1" and (substrings or list(item.iter(f"{q}varequal"))):
        problem(item, f"item {name!r}: an essay is not scored by a condition")
    if profile == "cc.essay.v0p1" and entries.get("qmd_computerscored") != "No":
        problem(item, f"item {name!r}: an essay says qmd_computerscored No")
    _references_in_item(item, lids + strs, labels, problem)


CHOICE_PROFILES = ("cc.multiple_choice.v0p1", "cc.true_false.v0p1", "cc.multiple_response.v0p1")


def _choice_item(item, profile: str, lids: list, strs: list, labels: list, problem) -> None:
    name = item.get("ident")
    cardinality = "Multiple" if profile == "cc.multiple_response.v0p1" else "Single"
    if len(lids) != 1 or strs:
        problem(item, f"item {name!r} ({profile}) has one response_lid and nothing else")
    elif lids[0].get("rcardinality") != cardinality:
        problem(lids[0], f"item {name!r} ({profile}) needs rcardinality={cardinality}")
    if profile == "cc.true_false.v0p1" and sorted(labels) != ["false", "true"]:
        problem(item, f"item {name!r}: the true/false labels must be 'true' and 'false'")
    elif len(labels) < 2:
        problem(item, f"item {name!r} ({profile}) has at least two choices")


def _references_in_item(item, responses: list, labels: list, problem) -> None:
    """Conditions name the item's response and its choices; feedback links resolve."""
    q, name = f"{{{QTI}}}", item.get("ident")
    idents = {r.get("ident") for r in responses}
    choices = any(r.tag == f"{q}response_lid" for r in responses)
    for variable in [*item.iter(f"{q}varequal"), *item.iter(f"{q}varsubstring")]:
        if variable.get("respident") not in idents:
            problem(variable, f"item {name!r}: {variable.get('respident')!r} is no response of it")
        elif choices and variable.tag == f"{q}varequal" and (variable.text or "") not in labels:
            problem(variable, f"item {name!r}: {variable.text!r} is no choice of it")
    feedback = {f.get("ident") for f in item.iterfind(f"{q}itemfeedback")}
    for display in item.iter(f"{q}displayfeedback"):
        if display.get("linkrefid") not in feedback:
            problem(display, f"item {name!r}: no itemfeedback {display.get('linkrefid')!r}")
