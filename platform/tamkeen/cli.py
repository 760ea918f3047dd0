"""`flask` command groups: thin wrappers over the services, one commit per command."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import text

from .addresses import public_url
from .extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
courses_cli = AppGroup("courses", help="Import and export course packages.")
quizzes_cli = AppGroup("quizzes", help="Quiz questions in GIFT and Moodle XML, and timed attempts.")
papers_cli = AppGroup("papers", help="Import the policy-paper library.")
reports_cli = AppGroup("reports", help="Cohort progress reports.")
demo_cli = AppGroup("demo", help="Fictional data for trying Tamkeen out and measuring it.")
privacy_cli = AppGroup("privacy", help="Retention of personal data (docs/privacy.md).")
backup_cli = AppGroup("backup", help="Encrypted backups of the database and uploaded files.")
PASSPHRASE = click.option(
    "--passphrase",
    envvar="TAMKEEN_BACKUP_PASSPHRASE",
    prompt=True,
    hide_input=True,
    help="Or TAMKEEN_BACKUP_PASSPHRASE. Without it the backup cannot be read: keep it apart.",
)

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
    url = public_url() + f"/setup/{token}"
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
        finish_import(report)
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
    finish_import(report)


def finish_import(report, outcomes: list[tuple[str, str]] | None = None) -> None:
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
    finish_import(report, report.papers)


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


def _quiz(quiz_id: int):
    from .quizzes.models import Quiz

    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        raise click.ClickException(f"No quiz has the id {quiz_id}.")
    return quiz


def _question_file_options(command):
    """FILE, --quiz and --shuffle-choices: the arguments of every question import."""
    command = click.option(
        "--shuffle-choices/--no-shuffle-choices",
        default=None,
        help="Set the quiz to shuffle choices (default: yes, as Moodle does, unless the quiz "
        "already has questions and does not shuffle).",
    )(command)
    command = click.option("--quiz", "quiz_id", type=int, required=True, help="The quiz's id.")(
        command
    )
    return click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))(
        command
    )


def _report_question_import(file: Path, result, added: int, replaced: int, notes=()) -> None:
    """What a question import skipped, left out and renamed, line by line; then commit."""
    for line, message in result.skipped:
        click.echo(f"{file}:{line}: skipped: {message}", err=True)
    for line, message in notes:
        click.echo(f"{file}:{line}: imported without a part: {message}", err=True)
    for line, name, new in result.renamed:
        click.echo(
            f"{file}:{line}: the name {name!r} is used again: imported as {new!r}.", err=True
        )
    if result.errors:
        db.session.rollback()
        for line, message in result.errors:
            click.echo(f"{file}:{line}: {message}", err=True)
        raise click.ClickException(f"{len(result.errors)} error(s); nothing was imported.")
    db.session.commit()
    click.echo(f"{added} question(s) added, {replaced} replaced, {len(result.skipped)} skipped.")


@quizzes_cli.command("import-gift")
@_question_file_options
def import_gift(file: Path, quiz_id: int, shuffle_choices: bool | None) -> None:
    """Add the questions of a GIFT file to a quiz (same-named questions are replaced)."""
    from .quizzes.bank import gift_shuffles_by_default
    from .quizzes.bank import import_gift as import_questions

    quiz = _quiz(quiz_id)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file} is not UTF-8 text.") from error
    if shuffle_choices is None:
        shuffle_choices = gift_shuffles_by_default(quiz)
    result, added, replaced = import_questions(quiz, text, by=None, shuffle_choices=shuffle_choices)
    _report_question_import(file, result, added, replaced)


@quizzes_cli.command("import-moodle-xml")
@_question_file_options
def import_moodle_xml(file: Path, quiz_id: int, shuffle_choices: bool | None) -> None:
    """Add the questions of a Moodle XML file to a quiz (same-named questions are replaced)."""
    from .quizzes.bank import gift_shuffles_by_default
    from .quizzes.bank import import_moodle_xml as import_questions
    from .quizzes.moodle_xml import Refused

    quiz = _quiz(quiz_id)
    if shuffle_choices is None:
        shuffle_choices = gift_shuffles_by_default(quiz)
    try:
        result, added, replaced = import_questions(
            quiz, file.read_bytes(), by=None, shuffle_choices=shuffle_choices
        )
    except Refused as refusal:
        db.session.rollback()
        raise click.ClickException(f"{file}: {refusal.args[0]} Nothing was imported.") from None
    _report_question_import(file, result, added, replaced, notes=result.notes)


@quizzes_cli.command("export-gift")
@click.option("--quiz", "quiz_id", type=int, required=True, help="The quiz's id.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
def export_gift(quiz_id: int, output: Path | None) -> None:
    """Write a quiz's questions in GIFT."""
    from .quizzes.bank import quiz_as_gift

    text = quiz_as_gift(_quiz(quiz_id))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@quizzes_cli.command("close-expired")
def close_expired() -> None:
    """Submit the attempts whose time ran out while their trainees were away."""
    from .quizzes.services import close_expired as close

    count = close()
    db.session.commit()
    click.echo(f"{count} attempt(s) submitted.")


@reports_cli.command("progress")
@click.option("--cohort", "cohort_id", type=int, required=True, help="The cohort's id.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "pdf"]), required=True)
@click.option("--pseudonymise", is_flag=True, help="Codes instead of names and usernames.")
@click.option("--course", "course_id", type=int, help="Only this course.")
@click.option("--organization", "organization_id", type=int, help="Only this organization.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day of activity.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day of activity.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def progress_report(cohort_id, fmt, pseudonymise, course_id, organization_id, since, until, output):
    """Write a cohort's progress report (recorded in the audit log, with no person)."""
    from .cohorts.models import Cohort
    from .reports.progress import ReportFilter
    from .reports.services import progress_report as make_report

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"No cohort has the id {cohort_id}.")
    report = ReportFilter(
        course_id, organization_id, since and since.date(), until and until.date()
    )
    download = make_report(cohort, report, fmt, pseudonymise=pseudonymise, by=None)
    output.write_bytes(download.content)
    db.session.commit()
    click.echo(f"Wrote {output} ({len(download.content):,} bytes).")


@reports_cli.command("refresh-progress")
def refresh_progress() -> None:
    """Recompute every stored progress summary (what reports read) from the lessons done
    and quiz attempts, and the dashboard's kept sums from them. The app keeps them up to
    date; this is for repairs and restores."""
    from .learning.summaries import rebuild

    rows = rebuild()
    db.session.commit()
    click.echo(f"{rows} progress summaries stored.")


@demo_cli.command("seed")
@click.option("--participants", type=click.IntRange(1, 200_000), default=200, show_default=True)
@click.option("--courses", type=click.IntRange(1, 20), default=3, show_default=True)
@click.option("--seed", "random_seed", type=int, default=2026, help="Same seed, same data.")
def demo_seed(participants: int, courses: int, random_seed: int) -> None:
    """Create a fictional cohort: organizations, courses, participants and their progress."""
    from .cohorts.demo import seed_cohort

    with click.progressbar(length=participants, label="Creating participants") as bar:
        cohort = seed_cohort(participants, courses, random_seed, step=bar.update)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # statistics for the freshly loaded tables
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    click.echo(
        f"Cohort {cohort.id} ({cohort.name}): {participants} participants, {courses} courses."
    )
    click.echo("Organizer: demo-organizer (no password: set one with flask users ...).")


@privacy_cli.command("purge")
def privacy_purge() -> None:
    """Erase inactive trainee accounts, finish interrupted erasures, and delete audit-log
    lines, seen notices, cached PDFs and kept workshop kits past their retention. Safe to
    run again; prints counts only."""
    from .accounts.retention import purge
    from .workshops.kit_pages import forget_expired_kits

    report = purge(after_step=lambda _step: db.session.commit())
    db.session.commit()
    kits_deleted = forget_expired_kits()
    click.echo(f"Inactive trainee accounts erased: {report.erased_inactive}")
    click.echo(f"Interrupted erasures finished: {report.finished_erasures}")
    click.echo(
        f"Inactive staff accounts kept (remove their role to erase them): "
        f"{report.inactive_staff_kept}"
    )
    click.echo(f"Audit-log lines deleted: {report.audit_events_deleted}")
    click.echo(f"Seen notices deleted: {report.seen_notices_deleted}")
    click.echo(f"Expired welcome links deleted: {report.welcome_links_deleted}")
    click.echo(f"Cached PDFs deleted: {report.cached_pdfs_deleted}")
    click.echo(f"Unfinished PDFs deleted: {report.unfinished_pdfs_deleted}")
    click.echo(f"Reports not downloaded within the hour deleted: {report.private_results_deleted}")
    click.echo(f"Workshop kits kept over 24 hours deleted: {kits_deleted}")


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@PASSPHRASE
def backup_create(path: Path, passphrase: str) -> None:
    """Write an encrypted snapshot of the database and uploaded files to PATH."""
    from .backups import MIN_PASSPHRASE, create_backup
    from .private_files import write_new_private

    if len(passphrase) < MIN_PASSPHRASE:
        raise click.ClickException(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    if not path.parent.is_dir():
        raise click.ClickException(f"The folder {path.parent} does not exist.")
    taken = f"{path} already exists: a backup never replaces a file."
    if path.exists():
        raise click.ClickException(taken)
    blob = create_backup(passphrase)
    try:  # readable by its owner only, whole or not at all
        write_new_private(path, blob)
    except FileExistsError as error:
        raise click.ClickException(taken) from error
    except OSError as error:
        raise click.ClickException(f"Could not write {path}: {error.strerror}.") from error
    click.echo(f"Backup written: {path} ({len(blob)} bytes, encrypted).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PASSPHRASE
@click.option("--replace", is_flag=True, help="Replace an instance that has accounts.")
def backup_restore(path: Path, passphrase: str, replace: bool) -> None:
    """Restore a backup made by `flask backup create` on this instance."""
    from .backups import BackupError, restore_backup

    try:
        manifest = restore_backup(path.read_bytes(), passphrase, replace=replace)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored the backup of {manifest['created_at']} (UTC); row counts match.")


def register_cli(app: Flask) -> None:
    for group in (
        users_cli,
        courses_cli,
        quizzes_cli,
        papers_cli,
        reports_cli,
        demo_cli,
        privacy_cli,
        backup_cli,
    ):
        app.cli.add_command(group)
