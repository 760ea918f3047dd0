"""Open Badges 3.0 credentials beside the certificates: served, signed, checked by
`flask certificates verify-credential`, revoked through a status list served by a real
loopback server."""

import json
import os
import threading
from contextlib import contextmanager
from datetime import timedelta

from werkzeug.serving import WSGIRequestHandler, make_server

from tamkeen.certificates.codes import format_code
from tamkeen.certificates.models import Certificate
from tamkeen.database import utcnow
from tamkeen.extensions import db

from ..app_servers import free_port
from ..conftest import fresh_app


def generate_key(app, *args: str):
    return app.test_cli_runner().invoke(args=["certificates", "generate-key", *args])


def verify(app, path, *args: str):
    return app.test_cli_runner().invoke(
        args=["certificates", "verify-credential", str(path), *args]
    )


def named_certificate(make, title="Rights online", **kwargs):
    course = make.course(title, modules=1, lessons=1)
    with make.app.app_context():
        course.outcomes = ["Explain the right to information", "Ask for a public document"]
        db.session.merge(course)
        db.session.commit()
    amal = make.user("amal", display_name="Amal Benali")
    return make.certificate(amal, course, printed_name="A. B.", **kwargs)


def download(client, certificate, folder, name="credential.json"):
    response = client.get(f"/verify/{format_code(certificate.code)}/credential.json")
    assert response.status_code == 200, response.status_code
    path = folder / name
    path.write_bytes(response.get_data())
    return path, json.loads(response.get_data())


def revoke(app, certificate_id, by):
    from tamkeen.certificates import services

    with app.test_request_context():
        services.revoke_certificate(db.session.get(Certificate, certificate_id), "No", by=by)
        db.session.commit()


class _Quiet(WSGIRequestHandler):
    def log(self, *_args) -> None:  # request lines name the client's address: none logged
        pass


@contextmanager
def loopback(app, port):
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join()


def test_generate_key_refuses_to_overwrite(app, tmp_path):
    assert generate_key(app).exit_code == 0
    path = tmp_path / "credential_key.pem"
    before = path.read_bytes()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    refused = generate_key(app)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert generate_key(app, "--if-missing").exit_code == 0
    assert path.read_bytes() == before
    assert generate_key(app, "--force").exit_code == 0
    assert path.read_bytes() != before and oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_credential_signs_verifies_and_any_changed_byte_fails(app, client, make, tmp_path):
    generate_key(app)
    certificate = named_certificate(make)
    path, credential = download(client, certificate, tmp_path)
    subject = credential["credentialSubject"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert subject["identifier"][0]["identityHash"] == "A. B."
    assert subject["achievement"]["name"] == "Rights online"
    assert "- Ask for a public document" in subject["achievement"]["description"]
    assert credential["issuer"]["id"] == "http://localhost/verify/issuer.json"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    text = path.read_text()
    assert (
        "amal" not in text and "Amal Benali" not in text and "@" not in text.replace("@context", "")
    )
    assert client.get(f"/verify/{certificate.code}/credential.json").get_data() == path.read_bytes()

    result = verify(app, path)
    assert result.exit_code == 0, result.output
    assert "ok     signature" in result.output and "revocation not checked" in result.output

    def changed(edit, name):
        document = json.loads(path.read_text())
        edit(document)
        (tmp_path / name).write_text(json.dumps(document))
        return verify(app, tmp_path / name)

    edits = {
        "name": lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="A. C."),
        "date": lambda d: d.update(validFrom="2020-01-01T00:00:00Z"),  # earlier: still refused
        "status": lambda d: d["credentialStatus"].update(
            statusListIndex=str(int(d["credentialStatus"]["statusListIndex"]) ^ 1)
        ),
        "proof": lambda d: d["proof"].update(created="2020-01-01T00:00:00Z"),
    }
    for name, edit in edits.items():
        result = changed(edit, f"{name}.json")
        assert result.exit_code == 1, (name, result.output)
        assert "FAILED signature" in result.output and "NOT valid" in result.output

    result = changed(lambda d: d.update(favouriteColour="blue"), "unknown.json")
    assert result.exit_code == 1 and "FAILED terms" in result.output
    assert "favouriteColour" in result.output

    (tmp_path / "big.json").write_bytes(b" " * 70_000 + path.read_bytes())
    result = verify(app, tmp_path / "big.json")
    assert result.exit_code == 1 and "FAILED file" in result.output and "larger" in result.output

    other = tmp_path / "other.pem"
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = Ed25519PrivateKey.generate().public_key()
    other.write_bytes(public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    result = verify(app, path, "--key", str(other))
    assert result.exit_code == 1 and "another key" in result.output


def test_control_characters_are_cleaned_and_validfrom_is_never_in_the_future(
    app, client, make, tmp_path
):
    generate_key(app)
    certificate = named_certificate(make, title="Rights\x07 online")
    with app.app_context():
        row = db.session.get(Certificate, certificate.id)
        row.issued_at = utcnow() + timedelta(days=2)
        db.session.commit()
    path, credential = download(client, certificate, tmp_path)
    assert credential["name"] == "Rights online"
    assert credential["credentialSubject"]["achievement"]["name"] == "Rights online"
    assert credential["validFrom"] <= utcnow().replace(microsecond=0).isoformat() + "Z"
    assert verify(app, path).exit_code == 0


def test_revoked_credential_verifies_as_revoked_against_a_served_status_list(
    database_url, tmp_path
):
    port = free_port()
    with fresh_app(database_url, tmp_path, PUBLIC_URL=f"http://127.0.0.1:{port}") as app:
        from ..factories import Factory

        make = Factory(app)
        assert generate_key(app).exit_code == 0
        certificate = named_certificate(make)
        admin = make.user("admin", roles=("admin",))
        path, credential = download(app.test_client(), certificate, tmp_path)
        assert credential["credentialStatus"]["statusListCredential"] == (
            f"http://127.0.0.1:{port}/verify/status-list.json"
        )
        with loopback(app, port):
            valid = verify(app, path, "--online")
            assert valid.exit_code == 0, valid.output
            assert "ok     status: not revoked" in valid.output
            revoke(app, certificate.id, admin)
            revoked = verify(app, path, "--online")
            assert revoked.exit_code == 1, revoked.output
            assert "FAILED status: REVOKED" in revoked.output
        # the served credential itself is unchanged: only its status says revoked
        again, _ = download(app.test_client(), certificate, tmp_path, "again.json")
        assert again.read_bytes() == path.read_bytes()


def test_credential_follows_the_verify_page(app, client, make, tmp_path):
    generate_key(app)
    certificate = named_certificate(make)
    unnamed = make.certificate(make.user("omar"), make.course("Other course"))
    assert client.get(f"/verify/{unnamed.code}/credential.json").status_code == 404
    assert client.get("/verify/NOT-A-CODE/credential.json").status_code == 404
    revoke(app, certificate.id, make.user("org", roles=("admin",)))
    assert client.get(f"/verify/{certificate.code}/credential.json").status_code == 200

    from tamkeen.accounts.models import User
    from tamkeen.accounts.personal_data import erase_account

    with app.test_request_context():
        erase_account(db.session.get(User, certificate.user_id))
        db.session.commit()
    assert client.get(f"/verify/{certificate.code}").status_code == 404
    assert client.get(f"/verify/{certificate.code}/credential.json").status_code == 404


def test_holder_page_offers_the_credential_and_a_laptop_never_signs(app, client, make, tmp_path):
    from ..conftest import Auth

    certificate = named_certificate(make)
    Auth(client).login("amal")
    page = client.get(f"/courses/{certificate.course_id}/certificate").get_data(as_text=True)
    assert "Download the verifiable credential" not in page  # no key yet: nothing offered
    generate_key(app)
    page = client.get(f"/courses/{certificate.course_id}/certificate").get_data(as_text=True)
    assert "Download the verifiable credential" in page
    assert f"/verify/{format_code(certificate.code)}/credential.json" in page
    assert "Learner Credential Wallet" in page

    from tamkeen.site_settings import set_setting

    with app.app_context():
        set_setting("workshop", {"cohort": 1})
        db.session.commit()
    page = client.get(f"/courses/{certificate.course_id}/certificate").get_data(as_text=True)
    assert "Download the verifiable credential" not in page and "central server" in page
    for url in (
        f"/verify/{certificate.code}/credential.json",
        "/verify/issuer.json",
        "/verify/status-list.json",
    ):
        assert client.get(url).status_code == 404
    assert generate_key(app, "--force").exit_code == 1


def test_issuer_profile_publishes_the_key(app, client):
    generate_key(app)
    profile = client.get("/verify/issuer.json").get_json()
    method = profile["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    assert method["id"] == f"{profile['id']}#{method['publicKeyMultibase']}"
    assert profile["assertionMethod"] == [method["id"]]


def test_verify_credential_without_a_usable_key_says_so(app, tmp_path):
    document = tmp_path / "credential.json"
    document.write_text("{}")
    missing = verify(app, document)
    assert missing.exit_code == 1 and "give the issuer's key with --key" in missing.output
    not_a_key = tmp_path / "key.txt"
    not_a_key.write_text("hello")
    refused = verify(app, document, "--key", str(not_a_key))
    assert refused.exit_code == 1 and "not an Ed25519 key" in refused.output


def test_an_erased_certificates_position_is_never_given_again(app, make, monkeypatch):
    """The holder of an erased certificate may keep its credential: no later certificate
    may take its position, or its revocation would show on the erased one's copy."""
    from tamkeen.accounts.models import User
    from tamkeen.accounts.personal_data import erase_account
    from tamkeen.certificates.models import RetiredStatusIndex
    from tamkeen.certificates.openbadges import statuslist

    certificate = named_certificate(make)
    with app.test_request_context():
        erase_account(db.session.get(User, certificate.user_id))
        db.session.commit()
        assert db.session.get(RetiredStatusIndex, certificate.status_index) is not None
    # The random draw falls on the retired position twice before a free one.
    draws = iter([certificate.status_index, certificate.status_index, 7])
    monkeypatch.setattr(statuslist.secrets, "randbelow", lambda _size: next(draws))
    later = make.certificate(make.user("omar"), make.course("Later course"))
    assert later.status_index == 7
