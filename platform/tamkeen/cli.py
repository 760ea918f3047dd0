"""`flask` command groups: thin wrappers over the services, one commit per command."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
courses_cli = AppGroup("courses", help="Import and export course packages.")
papers_cli = AppGroup("papers", help="Import the policy-paper library.")

PROGRESS_BAR_FROM = 50  # lessons: below this an import is quick enough to need no bar


@users_cli.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--display-name", default="", help="Optional name shown to others.")
@click.password_option(help="Asked for when not given.")
def create_admin(username: str, display_name: str, password: str) -> None:
    """Create an administrator account."""
    from .accounts import services

    if services.username_taken(username):
        raise click.ClickException(f"The username {username!r} is taken.")
    if not 8 <= len(password) <= 128:
        raise click.ClickException("A password has 8 to 128 characters.")
    user = services.create_admin(username, password, display_name or None)
    db.session.commit()
    click.echo(f"Administrator {user.username} created.")


@users_cli.command("first-admin-link")
def first_admin_link() -> None:
    """Print a one-time link that creates the first administrator, if there is none."""
    from .accounts import services

    if services.admin_exists():
        click.echo("An administrator account exists.")
        return
    token = services.issue_setup_token()
    db.session.commit()
    url = current_app.config["PUBLIC_URL"].rstrip("/") + f"/setup/{token}"
    click.secho("\nNo administrator yet. Open this link once to create one:", bold=True)
    click.secho(f"  {url}\n", fg="green")


@courses_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
def import_courses(path: Path, dry_run: bool) -> None:
    """Import one course package, every package in a folder, or a package zip."""
    from .authoring.archives import import_archive
    from .authoring.importer import import_packages

    if path.is_file():
        with path.open("rb") as stream:
            report = import_archive(stream, path.stat().st_size, dry_run=dry_run)
        _finish_import(report)
        return

    bar = None

    def start(total: int) -> None:
        nonlocal bar
        if total >= PROGRESS_BAR_FROM:
            bar = click.progressbar(length=total, label="Importing lessons", file=None)
            bar.__enter__()

    def step() -> None:
        if bar is not None:
            bar.update(1)

    try:
        report = import_packages(path, dry_run=dry_run, on_start=start, step=step)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _finish_import(report)


def _finish_import(report, outcomes: list[tuple[str, str]] | None = None) -> None:
    """Commit a checked import and list what it did, or list every problem and write nothing."""
    if not report.ok:
        db.session.rollback()
        for problem in report.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(report.problems)} problem(s) found; nothing was imported."
        )
    db.session.commit()
    for slug, outcome in report.courses if outcomes is None else outcomes:
        click.echo(f"{outcome:>8}  {slug}")


@papers_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
def import_papers(path: Path, dry_run: bool) -> None:
    """Import a folder of policy papers (Markdown with front matter), updating by slug."""
    from .papers.package import import_papers as run_import

    report = run_import(path, dry_run=dry_run)
    _finish_import(report, report.papers)


@courses_cli.command("export")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_course(slug: str, out: Path) -> None:
    """Write the course SLUG as a package zip to OUT (the same bytes every time)."""
    from .authoring import services
    from .authoring.exporter import export_course as export

    course = services.course_by_slug(slug)
    if course is None:
        raise click.ClickException(f"No course has the slug {slug!r}.")
    out.write_bytes(export(services.course_for_editing(course.id)))
    click.echo(f"Exported {slug} to {out}")


def register_cli(app: Flask) -> None:
    for group in (users_cli, courses_cli, papers_cli):
        app.cli.add_command(group)
