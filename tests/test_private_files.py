"""What Tamkeen keeps on disk is readable by the account it runs as, and nobody else: on a
shared laptop or server another account must not copy the database, an uploaded paper or
a cached certificate. Folders 0700, files 0600, whatever the umask."""

import os
import stat
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.extensions import db
from tamkeen.papers.uploads import store_pdf

from .conftest import Client, app_config
from .factories import Factory

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def open_umask():
    """The usual umask, which lets every account read what a program creates."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def modes(root: Path) -> dict[str, str]:
    """Every folder and file under ``root`` (itself included) with its permission bits."""
    found = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def test_the_data_folder_holds_only_private_files(open_umask, tmp_path):
    data = tmp_path / "instance"
    data.mkdir()  # as an earlier install left it: readable by everyone
    site = create_app(app_config(f"sqlite:///{data / 'tamkeen.sqlite'}", data))
    site.test_client_class = Client
    with site.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    course = Factory(site).course(modules=1, lessons=1)
    Factory(site).user("karim", roles=("trainer",))  # two-step sign-in on: the key file
    with site.test_client().get(f"/courses/{course.id}/handbook") as handbook:  # now cached
        assert handbook.status_code == 200
    with site.app_context():
        store_pdf(b"%PDF-1.7 an uploaded paper")
        with db.engine.connect() as connection:  # open: the -wal and -shm files exist now
            connection.execute(text("UPDATE users SET locale = 'ar'"))
            connection.commit()
            found = modes(data)
        db.engine.dispose()
    expected = {"tamkeen.sqlite-wal", "tamkeen.sqlite-shm", "papers", "pdf-cache", "totp_key"}
    assert expected <= set(found)
    backup = tmp_path / "site.tkb"
    result = site.test_cli_runner().invoke(
        args=["backup", "create", str(backup)], env={"TAMKEEN_BACKUP_PASSPHRASE": PASSPHRASE}
    )
    assert result.exit_code == 0, result.output
    found["backup"] = oct(stat.S_IMODE(backup.stat().st_mode))

    shared = {
        name: mode
        for name, mode in found.items()
        if mode != ("0o700" if name != "backup" and (data / name).is_dir() else "0o600")
    }
    assert shared == {}
