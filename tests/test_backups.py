"""The restore drill: back up, restore on a fresh instance, and everything is there.

On SQLite the fresh instance is a new database file; on PostgreSQL the test database is
emptied (schema dropped) and restored in place. Either way the uploaded files go to a
new DATA_DIR.
"""

import io
import sqlite3
import tarfile
from contextlib import closing
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.accounts.models import User
from tamkeen.backups import MAGIC, decrypt, encrypt, row_counts
from tamkeen.extensions import db

from .conftest import Auth, Client, _empty_database, app_config
from .factories import Factory

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
    # The administrator's second step works: the key file came back with the backup.
    assert (tmp_path / "fresh" / "data" / "totp_key").exists()
    Auth(fresh.test_client()).login("root")

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


def laptop_instance(data: Path, **settings):
    """An instance laid out as `make run` lays it out: the SQLite database inside DATA_DIR
    (whatever database the suite runs on: this is about that layout)."""
    data.mkdir(parents=True, exist_ok=True)
    site = create_app({**app_config(f"sqlite:///{data / 'tamkeen.sqlite'}", data), **settings})
    site.test_client_class = Client
    with site.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    return site


def archive_names(blob: bytes) -> list[str]:
    with tarfile.open(fileobj=io.BytesIO(decrypt(blob, PASSPHRASE))) as tar:
        return tar.getnames()


def with_raw_database_copy(blob: bytes, raw: bytes) -> bytes:
    """The backup as the earlier code wrote it: also holding DATA_DIR's database file as it
    was on disk, a copy that need not agree with the snapshot while the site runs (here an
    older state, without its journal)."""
    inside = io.BytesIO(decrypt(blob, PASSPHRASE))
    rebuilt = io.BytesIO()
    with tarfile.open(fileobj=inside) as source, tarfile.open(fileobj=rebuilt, mode="w") as tar:
        for member in source.getmembers():
            if not member.name.startswith("files/tamkeen.sqlite"):
                tar.addfile(member, source.extractfile(member) if member.isfile() else None)
        info = tarfile.TarInfo("files/tamkeen.sqlite")
        info.size = len(raw)
        tar.addfile(info, io.BytesIO(raw))
    return encrypt(rebuilt.getvalue(), PASSPHRASE)


def an_older_sqlite_file(path: Path) -> bytes:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE half_written (x)")
        connection.commit()
    return path.read_bytes()


def test_a_backup_holds_the_database_once_and_restores_from_its_snapshot(tmp_path):
    site = laptop_instance(tmp_path / "site")
    Factory(site).user("amal")
    with site.app_context():
        before = row_counts()
    backup = tmp_path / "site.tkb"
    assert run(site, "create", str(backup)).exit_code == 0
    with site.app_context():
        db.engine.dispose()
    names = archive_names(backup.read_bytes())
    assert "database.sqlite" in names
    assert [name for name in names if "tamkeen.sqlite" in name] == []

    # A backup written before this fix also carries the raw file: the snapshot still wins.
    older = tmp_path / "older.tkb"
    raw = an_older_sqlite_file(tmp_path / "raw.sqlite")
    older.write_bytes(with_raw_database_copy(backup.read_bytes(), raw))
    fresh = laptop_instance(tmp_path / "fresh")
    result = run(fresh, "restore", str(older))
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        assert row_counts() == before
        db.engine.dispose()
    Auth(fresh.test_client()).login("amal")


def test_a_backup_never_replaces_a_file_and_says_so(app, make, tmp_path):
    make.user("amal")
    existing = tmp_path / "site.tkb"
    existing.write_bytes(b"last week's backup")
    result = run(app, "create", str(existing))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "already exists" in result.output
    assert existing.read_bytes() == b"last week's backup"
    assert list(tmp_path.iterdir()) == [existing]  # nothing half-written beside it


def test_a_backup_into_a_missing_folder_is_a_clear_error(app, make, tmp_path):
    make.user("amal")
    result = run(app, "create", str(tmp_path / "no-such-folder" / "site.tkb"))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "no-such-folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_totp_key_from_the_environment_is_needed_to_restore_its_secrets(tmp_path):
    key = "a key kept with the passphrase, not in backups"
    site = laptop_instance(tmp_path / "site", TOTP_KEY=key)
    Factory(site).user("root", roles=("admin",))
    backup = tmp_path / "site.tkb"
    assert run(site, "create", str(backup)).exit_code == 0
    assert [name for name in archive_names(backup.read_bytes()) if "key" in name] == []
    with site.app_context():
        db.engine.dispose()

    without = laptop_instance(tmp_path / "without")
    result = run(without, "restore", str(backup))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "1 two-step sign-in secret(s) cannot be decrypted" in result.output
    assert "TAMKEEN_TOTP_KEY" in result.output
    with without.app_context():
        db.engine.dispose()

    keyed = laptop_instance(tmp_path / "keyed", TOTP_KEY=key)
    assert run(keyed, "restore", str(backup)).exit_code == 0
    Auth(keyed.test_client()).login("root")
