"""Where Tamkeen keeps its files (uploaded papers, the PDF cache): one small interface,
two backends chosen by ``TAMKEEN_STORAGE``.

- ``folder`` (the default): files under DATA_DIR exactly where they have always been
  (``papers/<sha256>.pdf``, ``pdf-cache/...``), so an existing install changes nothing. Several
  app servers share it only if they share DATA_DIR (a network folder).
- ``s3``: an S3-compatible bucket (MinIO, Garage, a hosting company's object storage), so
  that app servers on different machines serve what any one of them wrote:
  ``TAMKEEN_S3_ENDPOINT``, ``TAMKEEN_S3_BUCKET``, ``TAMKEEN_S3_ACCESS_KEY``,
  ``TAMKEEN_S3_SECRET_KEY`` (``TAMKEEN_S3_REGION`` and ``TAMKEEN_S3_PREFIX`` optional).

A file is known by its key, a relative path with ``/`` (``papers/ab12....pdf``). Every
backend offers ``put``, ``get``, ``open`` (a stream), ``exists``, ``delete``, ``listing``
(by prefix) and ``delete_prefix``; ``local_path`` is the file on this machine's disk when
there is one (the folder backend), so downloads keep ``sendfile`` and ranges from disk.
Writes are whole or nothing in both (a renamed temporary file; one S3 ``PutObject``).
"""

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from flask import Flask, current_app

from .private_files import write_private

BACKENDS = ("folder", "s3")
EXTENSION = "tamkeen_storage"


@dataclass(frozen=True)
class Entry:
    """One stored file, as a listing gives it."""

    key: str
    size: int
    modified: float  # seconds since the epoch: last written (or read, where the disk says)


class Storage(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def get(self, key: str) -> bytes: ...
    def open(self, key: str) -> BinaryIO: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def listing(self, prefix: str) -> Iterator[Entry]: ...
    def delete_prefix(self, prefix: str) -> int: ...
    def local_path(self, key: str) -> Path | None: ...


def check_key(key: str) -> str:
    """``key`` if it is a plain relative path: no ``..``, no leading ``/``, no backslash."""
    parts = PurePosixPath(key).parts
    if not key or key.startswith("/") or "\\" in key or ".." in parts or "." in parts:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class FolderStorage:
    """Files under ``root`` (DATA_DIR), private to the server's account."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        write_private(self._path(key), lambda stream: stream.write(data))

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def listing(self, prefix: str) -> Iterator[Entry]:
        # The folder holding the prefix, then the names that begin with it.
        folder = self.root / check_key(prefix).rsplit("/", 1)[0] if "/" in prefix else self.root
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            key = path.relative_to(self.root).as_posix()
            if not key.startswith(prefix) or path.suffix in (".tmp", ".lock"):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:  # removed meanwhile
                continue
            if path.is_file():
                yield Entry(key, stat.st_size, max(stat.st_atime, stat.st_mtime))

    def delete_prefix(self, prefix: str) -> int:
        entries = list(self.listing(prefix))
        for entry in entries:
            self.delete(entry.key)
        if prefix.endswith("/"):  # a whole folder: its (now empty) folders go too
            shutil.rmtree(self._path(prefix.rstrip("/")), ignore_errors=True)
        return len(entries)

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None


class S3Storage:
    """Objects in an S3-compatible bucket, under ``prefix``."""

    def __init__(self, *, endpoint: str, bucket: str, access_key: str, secret_key: str,
                 region: str = "us-east-1", prefix: str = ""):  # fmt: skip
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name=region,
            config=Config(
                s3={"addressing_style": "path"},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=60,
            ),
        )

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _missing(self, error: Exception) -> bool:
        code = getattr(error, "response", {}).get("Error", {}).get("Code", "")
        return code in ("NoSuchKey", "404", "NotFound")

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentLength=len(data)
        )

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if self._missing(error):
                raise FileNotFoundError(key) from None
            raise
        return answer["Body"]

    def get(self, key: str) -> bytes:
        stream = self.open(key)
        try:
            return stream.read()
        finally:
            stream.close()

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if self._missing(error):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def listing(self, prefix: str) -> Iterator[Entry]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix
        )
        for page in pages:
            for item in page.get("Contents", ()):
                yield Entry(
                    item["Key"][len(self.prefix) :],
                    item["Size"],
                    item["LastModified"].timestamp(),
                )

    def delete_prefix(self, prefix: str) -> int:
        keys = [entry.key for entry in self.listing(prefix)]
        for start in range(0, len(keys), 1000):  # DeleteObjects takes 1000 at most
            batch = [{"Key": self._key(key)} for key in keys[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch})
        return len(keys)

    def local_path(self, key: str) -> Path | None:
        return None


@dataclass(frozen=True)
class StoredFile:
    """A file in the storage, as a download view sends it (``web.send_download``)."""

    storage: Storage
    key: str

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    def read_bytes(self) -> bytes:
        return self.storage.get(self.key)

    def local_path(self) -> Path | None:
        return self.storage.local_path(self.key)

    def in_memory(self) -> io.BytesIO:
        return io.BytesIO(self.storage.get(self.key))


def make_storage(config) -> Storage:
    """The backend the settings name; ValueError with what is wrong otherwise."""
    kind = config.get("STORAGE", "folder")
    if kind == "folder":
        return FolderStorage(Path(config["DATA_DIR"]))
    if kind == "s3":
        missing = [name for name in ("S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY", "S3_SECRET_KEY")
                   if not config.get(name)]  # fmt: skip
        if missing:
            raise ValueError(
                "TAMKEEN_STORAGE=s3 needs " + ", ".join(f"TAMKEEN_{name}" for name in missing)
            )
        return S3Storage(
            endpoint=config["S3_ENDPOINT"],
            bucket=config["S3_BUCKET"],
            access_key=config["S3_ACCESS_KEY"],
            secret_key=config["S3_SECRET_KEY"],
            region=config.get("S3_REGION") or "us-east-1",
            prefix=config.get("S3_PREFIX") or "",
        )
    raise ValueError(f"TAMKEEN_STORAGE must be one of {', '.join(BACKENDS)}, not {kind!r}")


def current() -> Storage:
    """The running app's storage (the folder one follows DATA_DIR, which tests change)."""
    if current_app.config.get("STORAGE", "folder") == "folder":
        return FolderStorage(Path(current_app.config["DATA_DIR"]))
    return current_app.extensions[EXTENSION]


def register_storage(app: Flask) -> None:
    """Refuses to start with settings that name no usable storage."""
    if app.config.get("STORAGE", "folder") == "folder":
        app.extensions.pop(EXTENSION, None)  # made on each use: it follows DATA_DIR
    else:
        app.extensions[EXTENSION] = make_storage(app.config)
