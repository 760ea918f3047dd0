"""Encrypted backups of the database and uploaded files, and their restore.

A backup is one file: a magic line, a random salt, and a Fernet token (AES-128-CBC with
HMAC-SHA256, from the maintained ``cryptography`` library) whose key is derived from the
passphrase with scrypt. Inside is a tar archive: ``manifest.json`` (database kind, time,
row counts), the database snapshot (SQLite's online backup API, so a running site is
copied consistently; ``pg_dump`` in its custom format on PostgreSQL), and ``files/``: what
else DATA_DIR holds (uploaded papers, the generated keys ``secret_key`` and ``totp_key``).
Left out: the PDF cache (rebuilt on demand, and it holds people's certificates), the
results waiting for their one download (reports, and backups made from the admin page), and the
SQLite database file itself with its -wal and -shm when it lives in DATA_DIR, whose copy as
it lies on disk may be half-written: the snapshot is the database. A restore puts the
files back first, then the snapshot, so that even an older backup that also carries the
raw file restores the snapshot. Everything restored is readable by its owner only.
The whole backup is held in memory, which suits the sizes this platform has (hundreds of
megabytes at most).
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

from . import sealing
from .database import sqlite_file, utcnow
from .extensions import db
from .jobs.private import PREFIX as PRIVATE_RESULTS
from .pdf import CACHE_FOLDER
from .private_files import SQLITE_COMPANIONS, make_tree_private, write_private

MAGIC = b"TAMKEEN-BACKUP-1\n"
SALT_BYTES = 16
MIN_PASSPHRASE = 12  # characters


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


def _is_database_file(path: Path) -> bool:
    """A SQLite database (or its -wal, -shm, -journal) lying in DATA_DIR: this instance's,
    by its name, or any other, by its first bytes (an older backup's raw copy)."""
    name = path.name
    for suffix in SQLITE_COMPANIONS:
        if name.endswith(suffix):
            name = name.removesuffix(suffix)
            break
    database = sqlite_file(db.engine)
    return (database is not None and name == database.name) or _is_sqlite(path.with_name(name))


def _is_sqlite(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as stream:
        return stream.read(16) == b"SQLite format 3\0"


def _kept_files(root: Path) -> list[Path]:
    """What a backup holds of DATA_DIR's top level, and what a restore puts back."""
    if not root.is_dir():
        return []
    return [
        path
        for path in sorted(root.iterdir())
        if path.name not in (CACHE_FOLDER, PRIVATE_RESULTS)
        and not path.name.startswith(".")
        and not _is_database_file(path)
    ]


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
        for path in _kept_files(_files_root()):
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
        target = sqlite_file(db.engine)
        for suffix in SQLITE_COMPANIONS:
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with (folder / "database.sqlite").open("rb") as snapshot:
            write_private(target, lambda stream: shutil.copyfileobj(snapshot, stream))
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
        _restore_files(Path(folder) / "files")
        _restore_database(Path(folder), manifest["database"])
    if row_counts() != manifest["row_counts"]:
        raise BackupError("The restored database does not have the backup's row counts.")
    _check_totp_secrets()
    return manifest


def _restore_files(files: Path) -> None:
    """The backup's files into DATA_DIR, readable by their owner only; never a database
    file (an older backup's raw copy), which would overwrite the snapshot."""
    root = _files_root()
    for path in _kept_files(files):
        target = root / path.name
        if path.is_dir():
            shutil.copytree(path, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(path, target)
        make_tree_private(target)


def _check_totp_secrets() -> None:
    """Every restored authenticator secret opens with the key now in force: the backup's
    ``totp_key`` file, or TAMKEEN_TOTP_KEY, which no backup holds."""
    from .accounts.models import User

    query = select(User.sealed_totp_secret).where(User.sealed_totp_secret.is_not(None))
    unreadable = 0
    for sealed in db.session.scalars(query):
        try:
            sealing.unseal(sealed)
        except sealing.SealError:
            unreadable += 1
    db.session.rollback()
    if unreadable:
        raise BackupError(
            f"Restored, but {unreadable} two-step sign-in secret(s) cannot be decrypted with "
            "this instance's key: set TAMKEEN_TOTP_KEY to the key of the server the backup "
            "comes from (or those people sign in with a recovery code and set two-step "
            "sign-in up again)."
        )


def _has_people() -> bool:
    from .accounts.models import User

    try:
        return bool(db.session.scalar(select(func.count(User.id))))
    except DBAPIError:  # an empty database has no table yet
        db.session.rollback()
        return False
