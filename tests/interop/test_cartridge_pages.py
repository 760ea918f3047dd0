"""The trainer's "Download for Moodle / Canvas" page and download, and the command."""

import io
import zipfile

from tamkeen.interop.cartridge.validate import validate_cartridge

from ..factories import without_csrf_tokens
from .conftest import build_course


def test_the_page_and_download_follow_the_package_export_rule(client, auth, course_world):
    """Owner and admin get both; another trainer finds no such course; a trainee is no trainer."""
    course_id = course_world.course.id
    for person, status in (("owner", 200), ("admin", 200), ("stranger", 404), ("trainee", 403)):
        auth.login(person)
        assert client.get(f"/teach/courses/{course_id}/cartridge").status_code == status
        response = client.get(f"/teach/courses/{course_id}/cartridge.imscc?version=1.3")
        assert response.status_code == status, person
        if status == 200:
            assert response.headers["Content-Disposition"] == (
                'attachment; filename="rights-online-cc13.imscc"'
            )
            assert validate_cartridge(response.data) == []
        auth.logout()


def test_the_course_page_links_to_a_page_that_explains_and_lists_the_losses(
    client, auth, course_world
):
    auth.login("owner")
    course_id = course_world.course.id
    outline = client.get(f"/teach/courses/{course_id}").get_data(as_text=True)
    assert f'href="/teach/courses/{course_id}/cartridge">Download for Moodle / Canvas' in outline
    page = without_csrf_tokens(
        client.get(f"/teach/courses/{course_id}/cartridge").get_data(as_text=True)
    )
    assert "Moodle reads version 1.1 only" in page
    assert "this kind of question (Numeric) has no equivalent" in page
    assert f'href="/teach/courses/{course_id}/cartridge.imscc"' in page
    response = client.get(f"/teach/courses/{course_id}/cartridge.imscc")
    assert response.headers["Content-Disposition"] == 'attachment; filename="rights-online.imscc"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        manifest = archive.read("imsmanifest.xml")
    assert b'xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"' in manifest[:1024]


def test_an_unknown_version_is_refused_with_a_clear_message(client, auth, course_world):
    auth.login("owner")
    course_id = course_world.course.id
    response = client.get(f"/teach/courses/{course_id}/cartridge.imscc?version=2.0")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teach/courses/{course_id}/cartridge"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Choose version 1.1 or 1.3 of the cartridge." in page


def test_the_command_writes_the_cartridge_and_prints_the_report(app, make, tmp_path):
    build_course(app, make, slug="rights-online")
    out = tmp_path / "rights.imscc"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["courses", "export-cc", "rights-online", str(out)])
    assert result.exit_code == 0, result.output
    assert validate_cartridge(out.read_bytes()) == []
    assert "Common Cartridge 1.1" in result.output
    assert "this kind of question (Matching) has no equivalent" in result.output
    result = runner.invoke(
        args=["courses", "export-cc", "rights-online", str(out), "--cc-version", "1.3"]
    )
    assert result.exit_code == 0
    with zipfile.ZipFile(out) as archive:
        assert b"<schemaversion>1.3.0</schemaversion>" in archive.read("imsmanifest.xml")


def test_the_command_refuses_an_unknown_course_or_version(app, tmp_path):
    out = tmp_path / "none.imscc"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["courses", "export-cc", "no-such-course", str(out)])
    assert result.exit_code != 0
    assert "No course has the slug 'no-such-course'." in result.output
    result = runner.invoke(args=["courses", "export-cc", "x", str(out), "--cc-version", "1.2"])
    assert result.exit_code != 0 and "1.2" in result.output
    assert not out.exists()
