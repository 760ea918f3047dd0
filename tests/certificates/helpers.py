"""Small helpers shared by the certificate tests."""

import io
from pathlib import Path

from PIL import Image, ImageDraw
from sqlalchemy import select

from tamkeen.certificates.models import Certificate
from tamkeen.extensions import db
from tamkeen.learning.models import Course

SIGNED_COURSE = """\
format: 1
slug: signed-course
language: {language}
title: {title}
certificate:
  signatories:
    - name: Nadia El Idrissi
      title: Director
    - name: Youssef Amrani
modules:
  - slug: only
    title: The only module
    lessons: [lessons/one.md]
"""


def the_certificate(app) -> Certificate:
    """The one certificate in the database, detached so that tests can read it."""
    with app.app_context():
        certificate = db.session.scalar(select(Certificate))
        db.session.expunge(certificate)
        return certificate


def write_signed_course(folder: Path, language: str = "en", title: str = "Rights online"):
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(SIGNED_COURSE.format(language=language, title=title))
    (folder / "lessons" / "one.md").write_text("---\nslug: one\ntitle: One\n---\n\nText.\n")
    return folder


def import_course_with_signatories(app, tmp_path: Path) -> Course:
    package = write_signed_course(tmp_path / "signed")
    result = app.test_cli_runner().invoke(args=["courses", "import", str(package)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "signed-course"))
        db.session.expunge(course)
        return course


def download(client, certificate, folder):
    with client.get(f"/certificates/{certificate.id}/download") as response:
        assert response.status_code == 200
        path = folder / f"certificate-{certificate.id}.pdf"
        path.write_bytes(response.get_data())
    return path


def logo_png(width: int = 900, height: int = 450) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).ellipse((40, 20, height - 20, height - 20), fill="#c0392b")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
