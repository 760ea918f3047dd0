"""The one way Tamkeen parses XML it did not write: no network, no entities, no DTD.

A cartridge or a Moodle XML file comes from someone else's server. lxml's defaults would
expand entities (a "billion laughs" bomb) and could fetch a DTD or a schema by URL; the
parser below does neither, and refuses the file instead of guessing.
"""

from lxml import etree


class UnsafeXML(ValueError):
    """The document is not well-formed XML, or asks for what a safe parser refuses."""


class _NoResolver(etree.Resolver):
    def resolve(self, url, public_id, context):  # noqa: ARG002  (lxml's signature)
        raise UnsafeXML(f"refused to load {url!r}")


def parser() -> etree.XMLParser:
    """A fresh parser (lxml parsers are not thread-safe) that loads nothing from outside."""
    xml_parser = etree.XMLParser(
        no_network=True,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    xml_parser.resolvers.add(_NoResolver())
    return xml_parser


def parse(data: bytes) -> etree._Element:
    """The root element of `data`, or UnsafeXML (a DOCTYPE is refused outright)."""
    try:
        tree = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        raise UnsafeXML(str(error)) from error
    docinfo = tree.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeXML("a DOCTYPE is not accepted")
    return tree


# Reading documents whose namespace varies (Common Cartridge 1.0 to 1.3, Moodle's and
# Canvas's own): elements are found by their local name only.


def local_name(element) -> str:
    """The element's name without its namespace ("" for comments and the like)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children(element, name: str) -> list:
    return [child for child in element if local_name(child) == name]


def first_child(element, name: str):
    """The first child called ``name``, or None."""
    found = children(element, name)
    return found[0] if found else None
