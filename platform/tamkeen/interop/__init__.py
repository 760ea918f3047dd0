"""Interoperability: courses that travel to other platforms and come back from them.

A course leaves as an IMS Common Cartridge that Moodle and Canvas import, and a cartridge
exported by them becomes a course package (docs/interoperability.md). Every XML file read
here is untrusted: it is parsed by `xmlsafe` only.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """The cartridge's commands in the ``courses`` group (`export-cc`, `import-cc`), the
    trainer's export page, and cartridges among the zips the package import takes."""
    from ..authoring.archives import ARCHIVE_FORMATS
    from ..cli import courses_cli
    from ..registry import register_blueprint
    from . import views
    from .commands import export_cc
    from .import_commands import CartridgeFormat, import_cc

    courses_cli.add_command(export_cc)
    courses_cli.add_command(import_cc)
    register_blueprint(app, views.bp)
    ARCHIVE_FORMATS.add("cartridge", CartridgeFormat())
