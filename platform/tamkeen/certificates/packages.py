"""The ``certificate:`` section of course.yaml: the signature lines a course prints.

Registered with the package reader (checked with file and line before anything is
written), the importer (stored in place on every import) and the exporter (written back,
so that export → import keeps them).
"""

from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from ..authoring.exporter import PackageBuilder
from ..extensions import db
from ..learning.models import Course
from ..packages import CourseSpec, PackageReader
from ..yamlfile import LineList
from .models import CertificateSignatory

MAX_SIGNATORIES = 4
MAX_SIGNATORY_TEXT = 120


def read_certificate_section(reader: PackageReader, value: Any, path: Path, line: int) -> dict:
    data = reader.mapping(value, path, line)
    if data is None:
        return {}
    reader.check_keys(data, {"signatories"}, set(), path)
    items = data.get("signatories", LineList())
    where = data.lines.get("signatories", data.line)
    if not isinstance(items, LineList):
        reader.problem(path, where, _l("signatories must be a list of names and titles."))
        return {}
    if len(items) > MAX_SIGNATORIES:
        reader.problem(path, where, _l("A certificate has at most 4 signature lines."))
    signatories = []
    for item, item_line in zip(items, items.lines, strict=True):
        entry = reader.mapping(item, path, item_line)
        if entry is None:
            continue
        reader.check_keys(entry, {"name", "title"}, {"name"}, path)
        signatories.append(
            {
                "name": reader.text(entry, "name", path, MAX_SIGNATORY_TEXT),
                "title": reader.text(entry, "title", path, MAX_SIGNATORY_TEXT),
            }
        )
    return {"signatories": signatories}


def write_signatories(course: Course, spec: CourseSpec) -> None:
    db.session.execute(
        delete(CertificateSignatory).where(CertificateSignatory.course_id == course.id)
    )
    for position, entry in enumerate(spec.certificate.get("signatories", []), start=1):
        db.session.add(CertificateSignatory(course_id=course.id, position=position, **entry))
    db.session.flush()


def export_signatories(builder: PackageBuilder) -> None:
    from .services import course_signatories

    lines = [
        {"name": entry["name"], **({"title": entry["title"]} if entry["title"] else {})}
        for entry in course_signatories(builder.course)
    ]
    if lines:
        builder.course_yaml["certificate"] = {"signatories": lines}
