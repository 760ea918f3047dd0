"""Interoperability: courses that travel to other platforms and come back from them.

A course leaves as an IMS Common Cartridge that Moodle and Canvas import, and a cartridge
exported by them becomes a course package (docs/interoperability.md). Every XML file read
here is untrusted: it is parsed by `xmlsafe` only.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing is registered yet: the cartridge's export and import add their commands here."""
