"""deploy/: what docs/deploy.md installs on a server works as written: the nightly backup
keeps the newest and never deletes after a failure, Caddy accepts its configuration, and
every command the systemd units run exists."""

import configparser
import os
import shlex
import subprocess
from pathlib import Path

from tamkeen import PROJECT_ROOT
from tamkeen.backups import decrypt, read_manifest

DEPLOY = PROJECT_ROOT / "deploy"
PASSPHRASE = "correct horse battery staple"
OLDEST, OLDER = "tamkeen-2026-01-01T023000Z.backup", "tamkeen-2026-01-02T023000Z.backup"


def nightly_backup(database_url: str, data: Path, folder: Path, **settings: str):
    env = dict(os.environ, TAMKEEN_DATABASE_URL=database_url, TAMKEEN_DATA_DIR=str(data),
               TAMKEEN_SECRET_KEY="deploy-test-secret", TAMKEEN_BACKUP_DIR=str(folder),
               TAMKEEN_BACKUP_KEEP="2", TAMKEEN_BACKUP_PASSPHRASE=PASSPHRASE)  # fmt: skip
    env.update(settings)
    return subprocess.run(
        [str(DEPLOY / "backup")], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_nightly_backup_keeps_the_newest_and_reads_back(app, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in (OLDEST, OLDER, "notes.txt"):
        (folder / name).write_bytes(b"old")
    done = nightly_backup(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "data", folder)
    assert done.returncode == 0, done.stderr
    kept = sorted(path.name for path in folder.iterdir())
    assert len(kept) == 3 and kept[0] == "notes.txt" and kept[1] == OLDER
    assert f"Deleted the old backup {OLDEST}" in done.stdout
    archive = decrypt((folder / kept[2]).read_bytes(), PASSPHRASE)
    assert "row_counts" in read_manifest(archive)


def test_a_failed_backup_deletes_no_older_one(app, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in (OLDEST, OLDER):
        (folder / name).write_bytes(b"old")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    failed = nightly_backup(url, tmp_path / "data", folder, TAMKEEN_BACKUP_PASSPHRASE="short")
    assert failed.returncode != 0
    assert "at least 12 characters" in failed.stderr
    assert sorted(path.name for path in folder.iterdir()) == [OLDEST, OLDER]


def test_caddy_accepts_the_configuration():
    command = ["caddy", "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")]
    checked = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr[-2000:]
    assert "Valid configuration" in checked.stdout + checked.stderr


def unit_commands() -> list[list[str]]:
    """The ExecStart command of every unit in deploy/systemd/."""
    commands = []
    for path in sorted((DEPLOY / "systemd").glob("*.service")):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.optionxform = str
        unit.read_string(path.read_text())
        commands.append(shlex.split(unit["Service"]["ExecStart"]))
    return commands


def test_every_command_the_units_run_exists(app):
    commands = unit_commands()
    assert len(commands) == 5  # the app server, the worker, the purge, the quizzes, the backup
    runner = app.test_cli_runner()
    for command in commands:
        program = Path(command[0].replace("/opt/tamkeen", str(PROJECT_ROOT)))
        assert program.name in {"gunicorn", "flask", "backup"}, command
        if program.name == "flask":
            assert command[1:3] == ["--app", "platform/tamkeen"]
            result = runner.invoke(args=[*command[3:], "--help"])
            assert result.exit_code == 0, (command, result.output)
        elif program.name == "backup":
            assert os.access(program, os.X_OK)
        else:
            assert (PROJECT_ROOT / command[command.index("--config") + 1]).is_file()
