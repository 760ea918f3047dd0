"""Encrypted backups of the database and uploaded files, and their restore.

A backup is one file: a magic line, a random salt, and a Fernet token (AES-128-CBC with
HMAC-SHA256, from the maintained ``cryptography`` library) whose key is derived from the
passphrase with scrypt. Inside is a tar archive: ``manifest.json`` (database kind, time,
row counts), the database snapshot (SQLite's online backup API, so a running site is
copied consistently; ``pg_dump`` in its custom format on PostgreSQL), and ``files/``: the
uploaded files under DATA_DIR (the PDF cache is left out: it is rebuilt on demand and
holds people's certificates). The whole backup is held in memory, which suits the sizes
this platform has (hundreds of megabytes at most).
"""

import base64
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess  # nosec B404  (pg_dump and pg_restore, with argument lists)
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from .database import utcnow
from .extensions import db
from .pdf import CACHE_FOLDER

MAGIC = b"TAMKEEN-BACKUP-1\n"
SALT_BYTES = 16


class BackupError(Exception):
    """A backup that cannot be read (wrong passphrase, damaged file) or restored."""


def _fernet(passphrase: str, salt: bytes) -> Fernet:
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(data: bytes, passphrase: str) -> bytes:
    salt = secrets.token_bytes(SALT_BYTES)
    return MAGIC + salt + _fernet(passphrase, salt).encrypt(data)


def decrypt(blob: bytes, passphrase: str) -> bytes:
    if not blob.startswith(MAGIC):
        raise BackupError("This is not a Tamkeen backup file.")
    salt = blob[len(MAGIC) : len(MAGIC) + SALT_BYTES]
    try:
        return _fernet(passphrase, salt).decrypt(blob[len(MAGIC) + SALT_BYTES :])
    except InvalidToken as error:
        raise BackupError("Wrong passphrase, or the backup file is damaged.") from error


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


def _libpq_target() -> tuple[str, dict[str, str]]:
    """The database as pg_dump names it, with the password in the environment, not argv."""
    url = db.engine.url
    env = dict(os.environ, PGPASSWORD=url.password or "")
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    """PostgreSQL's own tools, from PATH, with an argument list (no shell)."""
    try:
        subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603  # nosec B603 B607
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{command[0]} failed: {error.stderr.decode(errors='replace')}"
        ) from error


def _database_snapshot(folder: Path) -> Path:
    if db.engine.dialect.name == "sqlite":
        target = folder / "database.sqlite"
        source = sqlite3.connect(db.engine.url.database)
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return target
    target = folder / "database.pgdump"
    url, env = _libpq_target()
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", url]
    _run(command, env)
    return target


def _files_root() -> Path:
    return Path(current_app.config["DATA_DIR"])


def create_backup(passphrase: str) -> bytes:
    """The encrypted backup of this instance, as bytes to write to a file."""
    manifest = {
        "format": 1,
        "database": db.engine.dialect.name,
        "created_at": utcnow().isoformat(),
        "row_counts": row_counts(),
    }
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder, tarfile.open(fileobj=buffer, mode="w") as tar:
        snapshot = _database_snapshot(Path(folder))
        tar.add(snapshot, arcname=snapshot.name)
        root = _files_root()
        for path in sorted(root.iterdir()) if root.is_dir() else []:
            if path.name != CACHE_FOLDER and not path.name.startswith("."):
                tar.add(path, arcname=f"files/{path.name}")
        data = json.dumps(manifest, indent=2).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return encrypt(buffer.getvalue(), passphrase)


def read_manifest(archive: bytes) -> dict:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError("The backup has no manifest.")
        return json.load(member)


def _restore_database(folder: Path, kind: str) -> None:
    if kind != db.engine.dialect.name:
        raise BackupError(f"This backup is of a {kind} database; this instance uses another.")
    db.session.remove()
    db.engine.dispose()
    if kind == "sqlite":
        target = Path(db.engine.url.database)
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(folder / "database.sqlite", target)
        return
    url, env = _libpq_target()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={url}"]
    command.append(str(folder / "database.pgdump"))
    _run(command, env)


def restore_backup(blob: bytes, passphrase: str, *, replace: bool = False) -> dict:
    """Restore a backup on this instance; its manifest. Refuses an instance that has
    people in it unless ``replace``. Checks the row counts against the manifest."""
    archive = decrypt(blob, passphrase)
    manifest = read_manifest(archive)
    if not replace and _has_people():
        raise BackupError("This instance has accounts: restore on a fresh one, or replace it.")
    with tempfile.TemporaryDirectory() as folder, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
        _restore_database(Path(folder), manifest["database"])
        files = Path(folder) / "files"
        if files.is_dir():
            shutil.copytree(files, _files_root(), dirs_exist_ok=True)
    if row_counts() != manifest["row_counts"]:
        raise BackupError("The restored database does not have the backup's row counts.")
    return manifest


def _has_people() -> bool:
    from .accounts.models import User

    try:
        return bool(db.session.scalar(select(func.count(User.id))))
    except DBAPIError:  # an empty database has no table yet
        db.session.rollback()
        return False
