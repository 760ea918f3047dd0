"""Importing a course package from a zip: checked whole before a single byte is unpacked.

Refused: archives over the size limit, zip bombs (too many files, too much data once
unpacked, or a suspicious compression ratio), paths that would leave the package,
symbolic links and encrypted members. A refused archive writes nothing anywhere.
"""

import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..learning.models import Course
from ..packages import CourseSpec, Problem
from ..registry import Registry
from .importer import ImportReport, import_packages

MAX_ARCHIVE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100  # text compresses well, but not a hundredfold
ARCHIVE = "zip"  # the name problems with the archive itself are reported under
# Zips of other formats a trainer may import like a package (interop: Common Cartridges).
# An entry has ``recognises(folder) -> bool`` and ``import_folder(folder, *, dry_run, check,
# language) -> ImportReport``, given the archive unpacked after the checks above.
ARCHIVE_FORMATS: Registry[Any] = Registry("imports a zip of another format as a course package")


def _bad_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or "\x00" in name
        or ":" in path.parts[0]
        or ".." in path.parts
    )


def check_archive(archive: zipfile.ZipFile, size: int) -> list[Problem]:
    """Every reason to refuse the archive, without unpacking anything."""
    if size > MAX_ARCHIVE_BYTES:
        return [Problem(ARCHIVE, 0, _l("The archive is larger than 10 MB."))]
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return [Problem(ARCHIVE, 0, _l("The archive holds too many files."))]
    problems, seen, total = [], set(), 0
    for info in members:
        name = info.filename
        total += info.file_size
        if _bad_name(name):
            problems.append(Problem(name, 0, _l("This path leaves the package.")))
        elif stat.S_ISLNK(info.external_attr >> 16):
            problems.append(Problem(name, 0, _l("Symbolic links are not allowed.")))
        elif info.flag_bits & 0x1:
            problems.append(Problem(name, 0, _l("Encrypted files are not allowed.")))
        elif info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * info.compress_size:
            problems.append(Problem(name, 0, _l("This file unpacks to far more than it holds.")))
        elif name.rstrip("/").casefold() in seen:
            problems.append(Problem(name, 0, _l("This path is in the archive twice.")))
        seen.add(name.rstrip("/").casefold())
    if total > MAX_UNPACKED_BYTES:
        problems.append(Problem(ARCHIVE, 0, _l("The archive unpacks to more than 60 MB.")))
    return problems


def _unpack(archive: zipfile.ZipFile, into: Path) -> None:
    for info in archive.infolist():
        target = into / info.filename
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, target.open("wb") as sink:
            # ZipExtFile stops at the declared size and checks the CRC, so a member that
            # lies about its size fails instead of filling the disk.
            shutil.copyfileobj(source, sink, 64 * 1024)


def unpack_checked(stream, size: int, into: Path) -> list[Problem]:
    """Check the zip ``stream`` whole, then unpack it into ``into``; the problems, if any."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        return [Problem(ARCHIVE, 0, _l("This file is not a zip archive."))]
    with archive:
        problems = check_archive(archive, size)
        if problems:
            return problems
        try:
            _unpack(archive, into)
        except (zipfile.BadZipFile, OSError, EOFError):
            return [Problem(ARCHIVE, 0, _l("The archive is damaged."))]
    return []


def import_archive(
    stream,
    size: int,
    *,
    dry_run: bool = False,
    check: Callable[[list[CourseSpec]], list[Problem]] | None = None,
    language: str | None = None,
) -> ImportReport:
    """Check and import the packages in the zip ``stream`` (a file object).

    A zip of another format (ARCHIVE_FORMATS: a Common Cartridge) is recognised once
    unpacked, and read by its format into a package; ``language`` is the course language
    it falls back on.
    """
    with tempfile.TemporaryDirectory(prefix="tamkeen-import-") as folder:
        problems = unpack_checked(stream, size, Path(folder))
        if problems:
            return ImportReport(problems=problems)
        for archive_format in ARCHIVE_FORMATS:
            if archive_format.recognises(Path(folder)):
                return archive_format.import_folder(
                    Path(folder), dry_run=dry_run, check=check, language=language
                )
        return import_packages(Path(folder), dry_run=dry_run, check=check)


def editable_slugs_check(can_edit: Callable[[Course], bool]):
    """A check that refuses to overwrite a course the importer may not edit."""

    def check(specs: list[CourseSpec]) -> list[Problem]:
        slugs = [spec.slug for spec in specs]
        existing = db.session.scalars(select(Course).where(Course.slug.in_(slugs)))
        return [
            Problem(
                f"{course.slug}/course.yaml",
                1,
                _l(
                    "A course with the short name %(slug)s exists and is not yours.",
                    slug=course.slug,
                ),
            )
            for course in existing
            if not can_edit(course)
        ]

    return check
