"""The restore drill: back up, restore on a fresh instance, and everything is there.

On SQLite the fresh instance is a new database file; on PostgreSQL the test database is
emptied (schema dropped) and restored in place. Either way the uploaded files go to a
new DATA_DIR.
"""

from pathlib import Path

from sqlalchemy import func, select

from tamkeen import create_app
from tamkeen.accounts.models import User
from tamkeen.backups import MAGIC, row_counts
from tamkeen.extensions import db

from .conftest import Auth, Client, _empty_database, app_config

PASSPHRASE = "correct horse battery staple"


def run(app, *args, passphrase=PASSPHRASE):
    return app.test_cli_runner().invoke(
        args=["backup", *args], env={"TAMKEEN_BACKUP_PASSPHRASE": passphrase}
    )


def fresh_instance(app, folder: Path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if url.startswith("sqlite"):
        url = f"sqlite:///{folder / 'fresh.sqlite'}"
    else:
        _empty_database(url)
    fresh = create_app(app_config(url, folder / "data"))
    fresh.test_client_class = Client
    return fresh


def test_restore_drill_on_a_fresh_instance(app, make, tmp_path):
    course = make.course(modules=1, lessons=1)
    amal = make.user("amal")
    make.user("root", roles=("admin",))
    make.enrol(amal, course)
    certificate = make.certificate(amal, course, printed_name="Amal Benali")
    upload = Path(app.config["DATA_DIR"]) / "papers" / "paper.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.7 a paper")
    with app.app_context():
        before = row_counts()

    backup = tmp_path / "site.tkb"
    result = run(app, "create", str(backup))
    assert result.exit_code == 0, result.output
    blob = backup.read_bytes()
    # Neither the printed name nor the upload shows: a space and "%" are outside the
    # token's base64 alphabet, so they cannot appear by chance.
    assert blob.startswith(MAGIC) and b"Amal Benali" not in blob and b"%PDF" not in blob
    assert backup.stat().st_mode & 0o077 == 0  # readable by its owner only

    fresh = fresh_instance(app, tmp_path / "fresh")
    wrong = run(fresh, "restore", str(backup), passphrase="not the passphrase")
    assert wrong.exit_code != 0 and "Wrong passphrase" in wrong.output

    result = run(fresh, "restore", str(backup))
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        assert row_counts() == before
    assert (
        tmp_path / "fresh" / "data" / "papers" / "paper.pdf"
    ).read_bytes() == upload.read_bytes()
    client = fresh.test_client()
    assert client.get(f"/verify/{certificate.code}").status_code == 200
    Auth(client).login("amal")
    assert client.get("/learning").status_code == 200

    again = run(fresh, "restore", str(backup))  # over people: refused without --replace
    assert again.exit_code != 0 and "has accounts" in again.output
    with fresh.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 2
        db.session.remove()
        db.engine.dispose()


def test_a_short_passphrase_is_refused_and_writes_nothing(app, tmp_path):
    result = run(app, "create", str(tmp_path / "site.tkb"), passphrase="short")
    assert result.exit_code != 0
    assert not (tmp_path / "site.tkb").exists()
