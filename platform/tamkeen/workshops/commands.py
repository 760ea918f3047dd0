"""`flask workshop ...`: the room's addresses and the join poster (English, as every CLI)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..addresses import bound_urls, configured_public_url, parse_bind
from ..extensions import db
from ..i18n import LANGUAGES

workshop_cli = AppGroup("workshop", help="Serve a workshop room from this machine.")


@workshop_cli.command("addresses")
def addresses() -> None:
    """Print the addresses participants can type to reach this server."""
    bind = current_app.config.get("BIND", "")
    public = configured_public_url()
    urls = [public] if public else bound_urls(bind)
    if not urls:
        click.echo(f"Tamkeen listens on {bind}; set TAMKEEN_PUBLIC_URL to the address people use.")
        return
    click.secho("Participants open Tamkeen at:", bold=True)
    for url in urls:
        click.secho(f"  {url}/", fg="green")
    parsed = parse_bind(bind)
    if not public and parsed and parsed[0] in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            "Only this computer can open it. To serve a room: TAMKEEN_BIND=0.0.0.0:5000 make run"
        )


@workshop_cli.command("poster")
@click.option("--cohort", "cohort_id", type=int, required=True, help="The cohort's number.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="poster.pdf"
)
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    help="Default: the language of the cohort's courses.",
)
@click.option("--places", type=click.IntRange(1, 10_000), default=60, show_default=True,
              help="How many people may join with the poster's code.")  # fmt: skip
@click.option("--days", type=click.IntRange(1, 90), default=7, show_default=True,
              help="How long the code works.")  # fmt: skip
@click.option("--title", default=None, help="A heading to print (default: none, not even the "
              "cohort's name: a poster on a wall says nothing of who is in the room).")  # fmt: skip
def poster(
    cohort_id: int, output: Path, language: str | None, places: int, days: int, title: str | None
) -> None:
    """Print an A4 poster: the address and a QR code, a new join code, how to join."""
    from ..cohorts.models import Cohort
    from . import services

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"There is no cohort {cohort_id}.")
    made = services.new_poster(cohort, max_uses=places, days=days)
    db.session.commit()  # the invitation first: a PDF's layout never holds the write lock
    language = language or services.cohort_language(cohort)
    pdf = services.poster_pdf(made, language, (title or "").strip()[:120] or None)
    output.write_bytes(pdf)
    click.echo(f"Poster written to {output}: up to {places} people may join for {days} days.")
    click.echo(f"Participants open {made.address}")
