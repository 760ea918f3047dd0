"""TAMKEEN_VERIFY_URL: a certificate issued on a workshop laptop prints (text and QR code)
the verify address of the public server, so that it still verifies after the workshop."""

from tamkeen.certificates.codes import format_code

from ..conftest import Auth, Factory, fresh_app
from ..pdftools import pdf_text, qr_codes, snapshot
from .helpers import BIND, room_client


def test_certificates_carry_the_public_verify_address(database_url, tmp_path):
    settings = {"PUBLIC_URL": "", "BIND": BIND, "VERIFY_URL": "https://verify.example.org/"}
    with fresh_app(database_url, tmp_path, **settings) as app:
        make = Factory(app)
        course = make.course(modules=1, lessons=1)
        certificate = make.certificate(make.user("amal"), course, printed_name="Amal Benali")
        client = room_client(app)
        Auth(client).login("amal")
        with client.get(f"/certificates/{certificate.id}/download") as response:
            assert response.status_code == 200
            (tmp_path / "c.pdf").write_bytes(response.get_data())
        expected = f"https://verify.example.org/verify/{format_code(certificate.code)}"
        assert expected in pdf_text(tmp_path / "c.pdf")
        assert qr_codes(snapshot(tmp_path / "c.pdf", "certificate-verify-url", dpi=110)) == [
            expected
        ]
        # The laptop's own verify page still answers for it.
        assert client.get(f"/verify/{format_code(certificate.code)}").status_code == 200
