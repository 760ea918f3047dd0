"""Interoperability: courses that travel to other platforms and come back from them.

A course leaves as an IMS Common Cartridge that Moodle and Canvas import, and a cartridge
exported by them becomes a course package (docs/interoperability.md). Every XML file read
here is untrusted: it is parsed by `xmlsafe` only.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """The cartridge export: its command in the ``courses`` group, its trainer's pages."""
    from ..cli import courses_cli
    from ..registry import register_blueprint
    from . import views
    from .commands import export_cc

    courses_cli.add_command(export_cc)
    register_blueprint(app, views.bp)
