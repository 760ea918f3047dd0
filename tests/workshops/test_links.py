"""Every link Tamkeen prints (pages, PDFs, QR codes, commands) starts with the public address
when one is set, else with the address the server is reached at or bound to: never a
hard-coded 127.0.0.1:5000, which on a participant's phone is the phone itself."""

import re

from tamkeen.certificates.codes import format_code

from ..conftest import Auth, Factory
from ..pdftools import pdf_text, qr_codes, snapshot
from .helpers import room_client

ANY_LINK = re.compile(r"https?://[^\s<\"']+")


def links_in(text: str) -> list[str]:
    return ANY_LINK.findall(text)


def signed_in(site, username: str):
    client = room_client(site.app)
    Auth(client).login(username)
    return client


def download(client, url: str, path):
    with client.get(url) as response:
        assert response.status_code == 200, url
        path.write_bytes(response.get_data())
    return path


def test_invitation_and_welcome_links_on_the_page_use_the_site_address(site, tmp_path):
    make = Factory(site.app)
    organizer = make.user("org", roles=("trainee", "organizer"))
    cohort = make.cohort(organizer, courses=[make.course()])
    client = signed_in(site, "org")
    response = client.post_form(
        f"/cohorts/{cohort.id}/invitations", {"invite-max_uses": "5", "invite-days": "3"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:3000]
    joins = [link for link in links_in(page) if "/join" in link]
    assert len(joins) == 2 and all(link.startswith(site.base + "/join") for link in joins)
    page = client.post_form(f"/cohorts/{cohort.id}/people/invite", {"person-username": "tiziri"})
    welcome = [link for link in links_in(page.get_data(as_text=True)) if "/welcome/" in link]
    assert len(welcome) == 1 and welcome[0].startswith(site.base + "/welcome/")


def test_certificate_pdf_prints_and_encodes_the_site_address(site, tmp_path):
    make = Factory(site.app)
    course = make.course(modules=1, lessons=1)
    amal = make.user("amal")
    certificate = make.certificate(amal, course, printed_name="Amal Benali")
    client = signed_in(site, "amal")
    path = download(client, f"/certificates/{certificate.id}/download", tmp_path / "c.pdf")
    expected = f"{site.base}/verify/{format_code(certificate.code)}"
    assert expected in pdf_text(path)
    assert qr_codes(snapshot(path, "certificate-site", dpi=110)) == [expected]


def test_handbook_and_paper_pdfs_link_to_the_site_address(site, tmp_path):
    make = Factory(site.app)
    course = make.course(modules=1, lessons=1)
    paper = make.paper()
    client = room_client(site.app)
    handbook = pdf_text(download(client, f"/courses/{course.id}/handbook", tmp_path / "h.pdf"))
    paper_text = pdf_text(download(client, f"/papers/{paper.id}/download", tmp_path / "p.pdf"))
    assert f"{site.base}/courses/{course.id}" in handbook
    assert f"{site.base}/papers/{paper.id}" in paper_text
    for link in links_in(handbook) + links_in(paper_text):
        assert link.startswith(site.base), link


def test_first_administrator_link_uses_the_site_address(site):
    result = site.app.test_cli_runner().invoke(args=["users", "first-admin-link"])
    assert result.exit_code == 0, result.output
    (link,) = links_in(result.output)
    assert link.startswith(site.base + "/setup/")


def test_addresses_command_prints_where_participants_go(site):
    result = site.app.test_cli_runner().invoke(args=["workshop", "addresses"])
    assert result.exit_code == 0, result.output
    assert links_in(result.output) == [site.base + "/"]
    assert "127.0.0.1:5000" not in result.output
