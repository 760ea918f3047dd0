"""`flask certificates ...`: the credentials' key, and checking a credential file (English,
as every CLI)."""

import sys
import urllib.request
from pathlib import Path

import click
from flask.cli import AppGroup

from ..laptop import is_workshop_laptop
from .openbadges.credential import check_credential
from .openbadges.jsonld import MAX_DOCUMENT_BYTES
from .openbadges.keys import KeyMissing, generate_key, key_path, read_public_key, signing_key

certificates_cli = AppGroup("certificates", help="Certificates' verifiable credentials.")

FETCH_TIMEOUT = 10  # seconds


@certificates_cli.command("generate-key")
@click.option(
    "--force", is_flag=True, help="Replace the existing key (old credentials stop verifying)."
)
@click.option("--if-missing", is_flag=True, help="Do nothing when the key exists (make run).")
def generate_key_command(force: bool, if_missing: bool) -> None:
    """Make the Ed25519 key that signs the Open Badges credentials (a file, mode 0600)."""
    path = key_path()
    if is_workshop_laptop():
        click.echo("Workshop laptop: credentials are signed by the central server, no key here.")
        sys.exit(0 if if_missing else 1)
    if path.exists() and if_missing:
        return
    if path.exists() and not force:
        click.echo(
            f"{path} exists: replacing it would make every credential signed with it fail "
            "against the issuer profile. Use --force to replace it anyway.",
            err=True,
        )
        sys.exit(1)
    generate_key(path, force=force)
    click.echo(f"Credential key written to {path} (readable by its owner only). Back it up.")


def _fetch(url: str) -> bytes:
    """GET ``url`` (http or https only: urlopen would also open file: URLs), at most one
    byte more than a document may be."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise OSError(f"refused to fetch {url!r}: not an http(s) address")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310  # nosec B310
        return response.read(MAX_DOCUMENT_BYTES + 1)


@certificates_cli.command("verify-credential")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The issuer's public key (PEM, or a z6Mk... Multikey). Default: this site's key.",
)
@click.option(
    "--online",
    is_flag=True,
    help="Fetch the status list (revocation) and, without --key, the issuer profile's key.",
)
def verify_credential(file: Path, key_file: Path | None, online: bool) -> None:
    """Check an Open Badges credential: its signature, dates, terms and (online) status."""
    with file.open("rb") as stream:  # one byte over the cap is enough to refuse it
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if key_file is not None:
        try:
            public = read_public_key(key_file)
        except ValueError as error:
            click.echo(f"{key_file}: {error}", err=True)
            sys.exit(1)
    elif online:
        public = None  # the issuer profile's
    else:
        try:
            public = signing_key().public_key()
        except KeyMissing as missing:
            click.echo(f"{missing}: give the issuer's key with --key, or use --online", err=True)
            sys.exit(1)
    checks = check_credential(data, public, fetch=_fetch if online else None)
    for check in checks:
        mark = {True: "ok", False: "FAILED", None: "--"}[check.passed]
        click.echo(f"{mark:6} {check.name}: {check.message}")
    valid = all(check.passed is not False for check in checks)
    click.echo("The credential is valid." if valid else "The credential is NOT valid.")
    sys.exit(0 if valid else 1)
