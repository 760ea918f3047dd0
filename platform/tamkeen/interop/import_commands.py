"""Importing a Common Cartridge: `flask courses import-cc FILE`, and the cartridge as one
more kind of zip the trainers' package import takes (docs/interoperability.md).

The zip goes through the package zips' checks first (`authoring/archives.py`); the
cartridge is then read into a course package folder (`cartridge/reader.py`), which the
package importer checks and writes like any other. The report lists, line by line, what the
cartridge held that Tamkeen left out.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..authoring.archives import unpack_checked
from ..authoring.importer import ImportReport, import_packages
from ..extensions import db
from ..i18n import LANGUAGES
from ..learning.models import Course
from ..packages import CourseSpec, Problem
from .cartridge.reader import MANIFEST, read_cartridge


def import_cartridge_folder(
    folder: Path,
    *,
    dry_run: bool = False,
    check: Callable[[list[CourseSpec]], list[Problem]] | None = None,
    language: str | None = None,
) -> ImportReport:
    """Import the cartridge unpacked in ``folder``; ``language`` when it states none."""
    language = language or current_app.config["BABEL_DEFAULT_LOCALE"]
    with tempfile.TemporaryDirectory(prefix="tamkeen-cartridge-") as out:
        read = read_cartridge(folder, Path(out) / "cartridge", language=language, status=_status_of)
        if read.package is None:
            return ImportReport(problems=read.problems, skipped=read.skipped)
        report = import_packages(read.package, dry_run=dry_run, check=check)
        report.skipped = read.skipped
        return report


def _status_of(slug: str) -> str:
    """A new course comes in as a draft; a course imported again keeps its status."""
    status = db.session.scalar(select(Course.status).where(Course.slug == slug))
    return status or "draft"


def import_cartridge(stream, size: int, **options) -> ImportReport:
    """Check, unpack and import the cartridge in the zip ``stream`` (a file object)."""
    with tempfile.TemporaryDirectory(prefix="tamkeen-import-") as folder:
        problems = unpack_checked(stream, size, Path(folder))
        if problems:
            return ImportReport(problems=problems)
        return import_cartridge_folder(Path(folder), **options)


class CartridgeFormat:
    """The entry of `archives.ARCHIVE_FORMATS`: a zip with an imsmanifest.xml at its root."""

    @staticmethod
    def recognises(folder: Path) -> bool:
        manifest = folder / MANIFEST
        return manifest.is_file() and not manifest.is_symlink()

    @staticmethod
    def import_folder(folder: Path, **options) -> ImportReport:
        return import_cartridge_folder(folder, **options)


@click.command("import-cc")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    help="The course's language when the cartridge states none (default: the site's).",
)
@with_appcontext
def import_cc(file: Path, dry_run: bool, language: str | None) -> None:
    """Import an IMS Common Cartridge (.imscc, from Moodle or Canvas) as a course."""
    with file.open("rb") as stream:
        report = import_cartridge(stream, file.stat().st_size, dry_run=dry_run, language=language)
    from ..cli import finish_import

    for line in report.skipped:
        click.echo(f"skipped  {line.file}: {line.message}")
    finish_import(report)
