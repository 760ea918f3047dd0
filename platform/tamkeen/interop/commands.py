"""``flask courses export-cc SLUG OUT.imscc``: a course as an IMS Common Cartridge."""

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("export-cc")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--cc-version",
    type=click.Choice(["1.1", "1.3"]),
    default="1.1",
    show_default=True,
    help="1.1 for Moodle (and Canvas); 1.3 for platforms that ask for it.",
)
@with_appcontext
def export_cc(slug: str, out: Path, cc_version: str) -> None:
    """Write the course SLUG as a Common Cartridge to OUT (the same bytes every time).

    Prints what did not travel, one line each.
    """
    from ..authoring import services
    from .cartridge.exporter import build_cartridge

    course = services.course_by_slug(slug)
    if course is None:
        raise click.ClickException(f"No course has the slug {slug!r}.")
    cartridge = build_cartridge(services.course_for_editing(course.id), version=cc_version)
    out.write_bytes(cartridge.data)
    click.echo(f"Exported {slug} to {out} (Common Cartridge {cc_version})")
    if cartridge.report:
        click.echo("Not in the cartridge:")
    for line in cartridge.report:
        click.echo(f"- {line}")
