"""Files under DATA_DIR are readable by the account Tamkeen runs as, and nobody else.

The database, uploaded papers, cached certificates, the keys and the backups say who took
which course; on a shared laptop or server another account must not read them. Folders are
made 0700 and files 0600 whatever the process's umask, and written whole: into a temporary
file beside their place (``mkstemp`` makes it 0600), then renamed, so that nobody ever reads
half of one.
"""

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# What SQLite keeps beside a database file while it is open.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

log = logging.getLogger(__name__)


def private_folder(path: Path) -> Path:
    """``path`` as a folder only its owner can open, made (with missing parents) if need be."""
    missing = []
    folder = Path(path)
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # another worker made it meanwhile
            pass
        folder.chmod(FOLDER_MODE)  # mkdir's mode goes through the umask
    return Path(path)


def make_private(path: Path) -> None:
    """Take away what others may do with an existing file or folder (an earlier install's).
    A symbolic link is left alone: changing its mode would change its target's."""
    if path.is_symlink():
        return
    try:
        path.chmod(FOLDER_MODE if path.is_dir() else FILE_MODE)
    except FileNotFoundError:
        pass
    except PermissionError:  # not ours: say so rather than stop the site
        log.warning("%s is not owned by this account: others may be able to read it", path)


def make_tree_private(root: Path) -> None:
    """``root`` and everything under it, as ``make_private``."""
    make_private(root)
    for path in root.rglob("*"):
        make_private(path)


def write_private(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Make ``path`` from what ``write`` writes to a binary stream, whole or not at all;
    an existing file is replaced at once."""
    private_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_new_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, which must not exist: never replaces a file, and leaves
    nothing behind if it fails. Raises FileExistsError or the OSError that stopped it."""
    if path.exists():
        raise FileExistsError(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)  # fails if the name was taken meanwhile
        except FileExistsError:
            raise
        except OSError:  # no hard links there (a FAT-formatted USB stick)
            if path.exists():
                raise FileExistsError(path) from None
            os.rename(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def secure_data_dir(data_dir: Path, database: Path | None) -> None:
    """DATA_DIR private (made if missing), and what an earlier install left readable at its
    top: the SQLite database and its companions, the keys, the folders of uploads and PDFs."""
    private_folder(data_dir)
    make_private(data_dir)
    for path in data_dir.iterdir():
        make_private(path)
    if database is not None:
        for suffix in ("", *SQLITE_COMPANIONS):
            make_private(Path(f"{database}{suffix}"))
