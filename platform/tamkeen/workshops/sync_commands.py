"""``flask workshop export-kit|setup|export-results|import-results`` (English, as every CLI).

Thin: the work is in kits.py, setup.py, results.py and merge.py. Every refusal exits with
status 1 and its sentence, having written nothing.
"""

import os
from pathlib import Path

import click
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import inspect

from ..extensions import db
from .container import FileRefused

_PATH = click.Path(dir_okay=False, path_type=Path)


def _refuse(error: FileRefused) -> None:
    db.session.rollback()
    raise click.ClickException(str(error.message))


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all (a temporary file, then a rename), readable by its owner only:
    a kit holds password hashes, results hold people's work (both encrypted)."""
    temporary = path.with_name(f".{path.name}.part")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)


def _central_only() -> None:
    from .setup import laptop

    if laptop() is not None:
        raise click.ClickException(
            "This is a workshop laptop: kits are made and results imported on the central server."
        )


def export_kit(cohort_id: int, output: Path) -> None:
    """Pack a cohort for a workshop laptop; its passphrase is printed once."""
    from ..cohorts.models import Cohort
    from .kits import build_kit

    _central_only()
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"There is no cohort {cohort_id}.")
    try:
        data, passphrase, kit = build_kit(cohort, by=None)
    except FileRefused as error:
        _refuse(error)
    db.session.commit()  # the kit's row first: a kit file never exists unknown here
    _write(output, data)
    click.echo(f"Kit {kit} written to {output} ({len(data):,} bytes).")
    click.echo("Its passphrase, shown only now (write it down, keep it apart from the file):")
    click.secho(f"  {passphrase}", bold=True)


def set_up_laptop(kit_file: Path) -> None:
    """Set this (empty) instance up as a workshop laptop from a kit."""
    from .setup import set_up, write_kit_keys

    passphrase = os.environ.get("TAMKEEN_KIT_PASSPHRASE") or click.prompt(
        "The kit's passphrase", hide_input=True
    )
    if "alembic_version" not in inspect(db.engine).get_table_names():
        upgrade(directory=current_app.extensions["migrate"].directory)
    try:
        secrets = set_up(kit_file.read_bytes(), passphrase)
    except FileRefused as error:
        _refuse(error)
    db.session.commit()
    write_kit_keys(secrets)
    from .setup import laptop

    workshop = laptop()
    click.echo(f"This laptop now serves the workshop of kit {workshop['kit']}.")
    click.echo(f"Central server: {workshop['central'].get('url') or '(not given)'}")
    click.echo(f"Central key fingerprint: {workshop['fingerprint']} (compare it with the")
    click.echo("cohort's workshop page on the central server).")
    click.echo(
        f"Delete {kit_file.name} from the USB stick: it holds participants' password hashes."  # nosec B608
    )


def export_results(output: Path) -> None:
    """Write this laptop's results (its whole state for the cohort) to a file."""
    from .results import build_results

    try:
        data, seq, changed = build_results()
    except FileRefused as error:
        _refuse(error)
    db.session.commit()  # the new number first: a gap after a crash is harmless
    _write(output, data)
    news = "" if changed else " (nothing new since the last file)"
    click.echo(f"Results #{seq} written to {output}{news}.")
    click.echo("Once it is imported on the central server, delete it from the USB stick.")


def import_results(results_file: Path) -> None:
    """Merge a laptop's results into this central server."""
    from .merge import import_results as merge
    from .summary import summary_lines

    _central_only()
    try:
        journal, already = merge(
            results_file.read_bytes(), via="cli", by=None, after_batch=db.session.commit
        )
    except FileRefused as error:
        _refuse(error)
    db.session.commit()
    for line in summary_lines(journal, already=already):
        click.echo(line)


def sync(url: str) -> None:
    """Send this laptop's results to the central server at URL and merge them there."""
    import json
    import urllib.error
    import urllib.request

    from .results import build_results

    address = url.rstrip("/") + "/workshop/api/1/results"
    if not address.startswith(("http://", "https://")):
        raise click.ClickException(
            "Give the central server's address, e.g. https://tamkeen.example.org"
        )
    try:
        data, seq, _changed = build_results()
    except FileRefused as error:
        _refuse(error)
    db.session.commit()  # the new number first, as export-results does
    post = urllib.request.Request(  # noqa: S310 (http or https, checked above)
        address, data=data, method="POST", headers={"Content-Type": "application/octet-stream"}
    )
    click.echo(f"Sending results #{seq} ({len(data):,} bytes) to {url} ...")
    try:
        with urllib.request.urlopen(post, timeout=300) as answer:  # noqa: S310  # nosec B310 (http(s) only)
            reply = json.loads(answer.read())
    except urllib.error.HTTPError as error:
        try:
            reason = json.loads(error.read()).get("error") or error.reason
        except ValueError:
            reason = error.reason
        raise click.ClickException(f"The central server refused the results: {reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise click.ClickException(
            f"Could not reach {url} ({getattr(error, 'reason', error)}): run the same command "
            "again once the connection works; nothing is lost or doubled."
        ) from None
    for line in reply["summary"]:
        click.echo(line)


def status(quiet: bool) -> None:
    """Say whether this instance is a workshop laptop (exit 0) or not (exit 1)."""
    from ..site_settings import get_setting
    from .setup import SYNC_SETTING, laptop

    workshop = laptop()
    if workshop is None:
        if not quiet:
            click.echo("This is not a workshop laptop.")
        raise SystemExit(1)
    if not quiet:
        sent = (get_setting(SYNC_SETTING) or {}).get("seq", 0)
        click.echo(f"Workshop laptop of kit {workshop['kit']}, set up {workshop['set_up_at']}.")
        click.echo(f"Results written so far: {sent}.")


def revoke_kit(kit_uuid: str) -> None:
    """Refuse every results file of a kit from now on: for a laptop or USB stick that is
    lost or stolen (its kit key could otherwise still send results, erasures included)."""
    from uuid import UUID

    from sqlalchemy import select

    from ..audit import record_event
    from .models import WorkshopKit

    _central_only()
    try:
        wanted = UUID(kit_uuid.strip())
    except ValueError:
        raise click.ClickException(f"{kit_uuid} is not a kit's identity.") from None
    kit = db.session.scalar(select(WorkshopKit).where(WorkshopKit.uuid == wanted))
    if kit is None:
        raise click.ClickException(f"This server issued no kit {wanted}.")
    if kit.status == "revoked":
        click.echo(f"Kit {wanted} was already revoked.")
        return
    kit.status = "revoked"
    record_event(None, "workshop.kit_revoked", kit)
    db.session.commit()
    click.echo(f"Kit {wanted} is revoked: its results are refused from now on.")


def register_sync_commands(group: click.Group) -> None:
    """Once per process: the group is a module's, shared by every app made."""
    if "export-kit" in group.commands:
        return
    group.command("export-kit")(
        click.option("--cohort", "cohort_id", type=int, required=True, help="The cohort's number.")(
            click.option("-o", "--output", type=_PATH, default="kit.tkw", show_default=True)(
                export_kit
            )
        )
    )
    group.command("setup")(click.argument("kit_file", type=_PATH)(set_up_laptop))
    group.command("export-results")(
        click.option("-o", "--output", type=_PATH, default="results.tkr", show_default=True)(
            export_results
        )
    )
    group.command("import-results")(click.argument("results_file", type=_PATH)(import_results))
    group.command("sync")(click.argument("url")(sync))
    group.command("revoke-kit")(click.argument("kit_uuid")(revoke_kit))
    group.command("status")(
        click.option("--quiet", is_flag=True, help="Only the exit status.")(status)
    )
