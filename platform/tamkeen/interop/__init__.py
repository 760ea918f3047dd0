"""Interoperability: courses that travel to other platforms and come back from them.

A course leaves as an IMS Common Cartridge that Moodle and Canvas import, and a cartridge
exported by them becomes a course package (docs/interoperability.md). Every XML file read
here is untrusted: it is parsed by `xmlsafe` only.
"""

from flask import Flask


def init_app(app: Flask) -> None:  # noqa: ARG001  (every domain's signature)
    """`flask courses import-cc`, and cartridges among the zips the package import takes."""
    from ..authoring.archives import ARCHIVE_FORMATS
    from ..cli import courses_cli
    from .import_commands import CartridgeFormat, import_cc

    courses_cli.add_command(import_cc)
    ARCHIVE_FORMATS.add("cartridge", CartridgeFormat())
