"""Write every page and file Tamkeen makes for a fixed fictional world, to compare two commits.

    .venv/bin/python tools/snapshot_outputs.py OUT_DIR      # on the commit before
    .venv/bin/python tools/snapshot_outputs.py OUT_DIR2     # on the commit after
    diff -r OUT_DIR OUT_DIR2

It builds a small world in a throwaway SQLite database (``--database-url`` for another),
then, as each of five people (anonymous, trainee, trainer, organizer, admin), GETs every
GET route that ``tests/access_policy.yaml`` lets that role open, with the world's ids in
the URL, and writes each answer to ``OUT/<role>/<url>.<ext>`` (``/`` becomes ``_``;
``OUT/<role>/index.txt`` lists url, status, content type; ``OUT/templates.txt`` the
templates rendered, to see what a change of templates is compared on). Then the files that
must stay byte-identical: a course package zip from ``flask courses export`` (each member
written under ``OUT/files/course-export/``), a cohort's progress report from ``flask
reports progress`` as CSV, XLSX (a dump of every cell) and PDF (its text), and a quiz's
GIFT from ``flask quizzes export-gift``.

Two runs on the same commit write identical trees (``tests/test_snapshot_tool.py``). What
would otherwise change between runs is fixed or normalised, and nothing else:

- the clock: ``tamkeen.database.utcnow`` (every "now" the app stores or prints) reads a
  fixed instant, FIXED_NOW; sign-in steps that use ``time.time()`` run on the real clock
  but print nothing;
- randomness: the ``secrets`` functions the app draws from (certificate and invitation
  codes, attempt seeds, session tokens) and pyotp's new authenticator secrets come from a
  generator seeded with SEED, so codes
  and question orders are the same each run. Only in this tool's own process: never do
  this in the app;
- Python's string hashing is fixed (the tool re-runs itself with PYTHONHASHSEED=0), so a
  set's order is the same each run;
- normalised in pages: CSRF tokens (Flask-WTF signs them with the current second and a
  random value) become ``CSRF``; PDFs are written as their text (``pdftotext``), since a
  PDF's bytes hold its creation time, next to the HTML they were laid out from
  (``.pdf.html``, the project's folder written ``ROOT``); an XLSX as ``sheet!cell<TAB>value``
  lines.

The world is not the test suite's: it is made here, through ``tests/factories.py`` and the
services, and has an Arabic and a French course next to the English one so that content
in another language and direction appears on the pages.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import secrets
import shutil
import subprocess  # nosec B404  (pdftotext, with fixed arguments)
import sys
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROLES = ["anonymous", "trainee", "trainer", "organizer", "admin"]
USERS = {
    "trainee": ("trainee-a", ("trainee",)),
    "trainer": ("trainer-a", ("trainer",)),
    "organizer": ("organizer-a", ("organizer",)),
    "admin": ("admin", ("admin",)),
}
FIXED_NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
SEED = 14
SECRET_KEY = "snapshot-secret-key-not-for-production"  # noqa: S105  # nosec B105  (a throwaway world's)
# A CSRF field as Flask-WTF writes it (prefixed forms too) and as templates write it by hand.
CSRF = re.compile(r'(csrf_token"[^<>]*? value=")[^"]*(")')


# -- a fixed clock and fixed randomness ----------------------------------------------------
def fix_clock_and_chance() -> None:
    """Every "now" of the app at FIXED_NOW, every ``secrets`` draw from a seeded generator."""
    import pyotp

    import tamkeen.database as database

    class FixedDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED_NOW if tz is None else FIXED_NOW.astimezone(tz)

    database.datetime = FixedDatetime
    chance = random.Random(SEED)  # noqa: S311  # nosec B311  (the point: the same draws every run)
    secrets.choice = chance.choice
    secrets.randbelow = chance.randrange
    secrets.token_bytes = lambda n=32: chance.randbytes(n)
    secrets.token_hex = lambda n=32: chance.randbytes(n).hex()

    def token_urlsafe(n=32):
        import base64

        return base64.urlsafe_b64encode(chance.randbytes(n)).rstrip(b"=").decode()

    secrets.token_urlsafe = token_urlsafe
    pyotp.random = chance  # pyotp.random_base32 draws from a SystemRandom of its own


# -- the app and the world -----------------------------------------------------------------
def make_app(database_url: str, data_dir: Path):
    from flask_migrate import upgrade

    from tamkeen import PROJECT_ROOT, create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": SECRET_KEY,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "DATA_DIR": data_dir,
            "BABEL_DEFAULT_LOCALE": "en",
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            "PUBLIC_URL": "http://localhost",
        }
    )
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    return app


def sign_in(client, username: str) -> None:
    """Sign in as a factory-made person, with the second step for staff."""
    from tests.factories import PASSWORD, totp_code

    page = client.get("/sign-in").get_data(as_text=True)
    response = client.post(
        "/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": token(page)}
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {username} failed")
    if response.headers["Location"].endswith("/sign-in/code"):
        page = client.get("/sign-in/code").get_data(as_text=True)
        code = totp_code(client.application, username)
        response = client.post("/sign-in/code", data={"code": code, "csrf_token": token(page)})
        if response.status_code != 302:
            raise RuntimeError(f"second sign-in step of {username} failed")


def token(page: str) -> str:
    import html

    found = CSRF.search(page)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return html.unescape(found.group(0).split(' value="')[1].rstrip('"'))


def take_quiz(app, user, quiz) -> int:
    """A submitted attempt at ``quiz``, every question answered right; its id."""
    from werkzeug.datastructures import MultiDict

    from tamkeen.extensions import db
    from tamkeen.quizzes import services as quizzes
    from tamkeen.quizzes.models import Quiz
    from tests.quizzes.helpers import right_form

    with app.test_request_context():
        person = db.session.merge(user)
        attempt = quizzes.start_attempt(person, db.session.get(Quiz, quiz.id))
        for page in quizzes.pages(attempt):
            form = MultiDict()
            for name, value in right_form(page.question).items():
                for one in value if isinstance(value, list) else [value]:
                    form.add(name, str(one))
            quizzes.save_answer(person, attempt.id, page.number, form)
        quizzes.submit(person, attempt.id)
        db.session.commit()
        return attempt.id


def start_quiz(app, user, quiz) -> int:
    """An attempt at ``quiz`` begun and left open; its id."""
    from tamkeen.extensions import db
    from tamkeen.quizzes import services as quizzes
    from tamkeen.quizzes.models import Quiz

    with app.test_request_context():
        attempt = quizzes.start_attempt(db.session.merge(user), db.session.get(Quiz, quiz.id))
        db.session.commit()
        return attempt.id


def build_world(app) -> dict:
    """People, four courses (en, its ar translation, fr, a fr draft), a quiz of every kind
    taken by trainee A and one left open, two certificates (one in the cohort's name),
    papers, an organization and a cohort with invitations; the ids."""
    from sqlalchemy import text

    from tamkeen.cohorts.certificates import issue_for
    from tamkeen.cohorts.invitations import create_invitation
    from tamkeen.cohorts.membership import invite_people
    from tamkeen.cohorts.models import Cohort
    from tamkeen.extensions import db
    from tests.factories import EVERY_KIND, Factory

    make = Factory(app)
    people = {role: make.user(name, roles=roles) for role, (name, roles) in USERS.items()}
    other = make.user("trainee-b", display_name="Trainee B")
    course = make.course(owner=people["trainer"], modules=2, lessons=2, translation_group="rights")
    arabic = make.course(
        "الحقوق على الإنترنت", language="ar", owner=people["trainer"], modules=1, lessons=2,
        translation_group="rights",
    )  # fmt: skip
    make.course("Les droits en ligne", language="fr", modules=1, lessons=1)
    make.course("Brouillon", language="fr", status="draft", owner=people["trainer"], modules=1)
    quiz = make.quiz(course)
    true_false = [q for q in EVERY_KIND if q["kind"] == "true_false"]
    final = make.quiz(arabic, final=True, questions=true_false)
    for person in (people["trainee"], other):
        make.enrol(person, course)
    make.enrol(people["trainee"], arabic)
    make.complete(people["trainee"], course.modules[0].lessons[0])
    make.complete(people["trainee"], arabic.modules[0].lessons[0])
    attempt_id = take_quiz(app, people["trainee"], quiz)
    make.attempt(people["trainee"], final, right=False)
    open_quiz = make.quiz(course, course.modules[1])
    open_attempt = start_quiz(app, people["trainee"], open_quiz)
    certificate = make.certificate(people["trainee"], course, printed_name="Trainee A")
    paper = make.paper()
    make.paper("حرية التعبير والقانون", language="ar")
    organization = make.organization()
    cohort = make.cohort(
        people["organizer"], participants=[people["trainee"]], courses=[course, arabic],
        organization=organization,
    )  # fmt: skip
    with app.app_context():
        trainer_row = db.session.execute(text("SELECT min(id) FROM course_trainers")).scalar()
        question_id = db.session.execute(text("SELECT min(id) FROM questions")).scalar()
        invitation, _code = create_invitation(
            db.session.get(Cohort, cohort.id), by=None, max_uses=5, days=7, organization_id=None
        )
        invitation_id = invitation.id
        # The Arabic course's certificate in the cohort's name (the English one is not):
        # the participant's page shows both cases.
        issue_for(
            db.session.get(Cohort, cohort.id),
            db.session.merge(people["trainee"]),
            db.session.merge(arabic),
            by=db.session.merge(people["organizer"]),
        )
        invite_people(
            db.session.get(Cohort, cohort.id),
            [db.session.merge(other)],
            organization_id=None,
            by=None,
        )
        db.session.commit()
    return {
        "course_id": course.id,
        "course_slug": course.slug,
        "module_id": course.modules[0].id,
        "lesson_id": course.modules[0].lessons[0].id,
        "quiz_id": quiz.id,
        "question_id": question_id,
        "cohort_id": cohort.id,
        "organization_id": organization.id,
        "invitation_id": invitation_id,
        "attempt_id": attempt_id,
        "number": 1,
        "certificate_id": certificate.id,
        "code": certificate.code,
        "paper_id": paper.id,
        "user_id": people["trainee"].id,
        "row_id": trainer_row,
        "revision_id": 1,
        "image_id": 1,
        "digest": "0" * 16,
        "token": "not-a-token",  # noqa: S105  # nosec B105  (a made-up URL part, no secret)
        "filename": "css/tamkeen.css",
        # Pages no route of the policy reaches with the ids above: each question of an
        # attempt still open (a page per kind of question), for its owner.
        "more": {
            "trainee": [
                f"/attempts/{open_attempt}/questions/{number}"
                for number in range(1, len(EVERY_KIND) + 1)
            ]
        },
    }


# -- pages -----------------------------------------------------------------------------------
def load_policy() -> dict:
    import yaml

    policy = yaml.safe_load((ROOT / "tests" / "access_policy.yaml").read_text(encoding="utf-8"))
    policy.pop("_groups")
    return policy


def get_routes(app, world: dict) -> list[tuple[str, str]]:
    """(endpoint, url) of every GET route, in URL order."""
    found = set()
    for rule in app.url_map.iter_rules():
        # A route that names an object this world has none of (a workshop kit, a queued
        # report's token) is left out.
        if "GET" in rule.methods and set(rule.arguments) <= set(world):
            url = rule.build({arg: world[arg] for arg in rule.arguments})[1]
            found.add((rule.endpoint, url))
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def file_name(url: str) -> str:
    name = url.strip("/").replace("/", "_") or "index"
    return re.sub(r"[^\w.\-]", "-", name)


def normalise_html(page: str) -> str:
    return CSRF.sub(r"\1CSRF\2", page)


def write_answer(folder: Path, name: str, response) -> str:
    """Writes the answer's body as something ``diff`` reads; the file's name."""
    mimetype = response.mimetype or "application/octet-stream"
    body = response.get_data()
    if mimetype == "text/html":
        name += ".html"
        (folder / name).write_text(normalise_html(body.decode()), encoding="utf-8")
    elif mimetype == "application/pdf":
        write_pdf(folder, name, body)
        name += ".pdf.txt"
    elif mimetype == "application/zip":
        name += ".zip"
        write_zip(folder / name, body)
    else:
        name += ".body"
        (folder / name).write_bytes(body)
    return name


def snapshot_pages(app, world: dict, out: Path, roles: list[str]) -> int:
    policy = load_policy()
    routes = get_routes(app, world)
    written = 0
    for role in roles:
        folder = out / role
        folder.mkdir(parents=True)
        client = app.test_client()
        if role != "anonymous":
            sign_in(client, USERS[role][0])
        lines = []
        urls = [url for endpoint, url in routes if role in policy.get(endpoint, {}).get("GET", [])]
        for url in urls + world["more"].get(role, []):
            PDF_HTML.clear()
            response = client.get(url)
            name = write_answer(folder, file_name(url), response)
            lines.append(f"{url}\t{response.status_code}\t{response.mimetype}\t{name}")
            response.close()
            written += 1
        (folder / "index.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


# -- files ----------------------------------------------------------------------------------
PDF_HTML: list[str] = []


def capture_pdf_html() -> None:
    """Keeps the HTML each PDF is laid out from (``tamkeen.pdf`` renders its template on
    every request, cached PDF or not), so that a PDF template is compared byte for byte,
    attributes and all, and not only by the text ``pdftotext`` finds."""
    import tamkeen.pdf as pdf

    render = pdf.render_template

    def recording(name: str, **context):
        html = render(name, **context)
        PDF_HTML.append(html)
        return html

    pdf.render_template = recording


def write_pdf(folder: Path, name: str, content: bytes) -> None:
    """``name.pdf.txt``, the PDF's text, and ``name.pdf.html``, the HTML it was made from
    (the project's folder written as ``ROOT``, so that two checkouts compare)."""
    (folder / f"{name}.pdf.txt").write_text(pdf_text(content), encoding="utf-8")
    if PDF_HTML:
        html = normalise_html(PDF_HTML[-1]).replace(str(ROOT), "ROOT")
        (folder / f"{name}.pdf.html").write_text(html, encoding="utf-8")


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    result = subprocess.run(  # noqa: S603  # nosec B603  (fixed arguments, the PDF on stdin)
        [pdftotext, "-enc", "UTF-8", "-layout", "-", "-"],
        input=content, capture_output=True, check=True,
    )  # fmt: skip
    return result.stdout.decode()


def write_zip(folder: Path, content: bytes) -> None:
    """Each member of the zip as a file, and the list of members with their dates."""
    folder.mkdir(parents=True)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        listing = []
        for info in archive.infolist():
            listing.append(f"{info.filename}\t{info.date_time}\t{info.file_size}")
            if not info.is_dir():
                target = folder / info.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(info))
    (folder / "_members.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")


def xlsx_cells(content: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    lines = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{sheet.title}!{cell.coordinate}\t{cell.value!r}")
    return "\n".join(lines) + "\n"


def snapshot_files(app, world: dict, out: Path) -> int:
    folder = out / "files"
    folder.mkdir()
    with tempfile.TemporaryDirectory() as work:
        return _write_files(app.test_cli_runner(), world, folder, Path(work))


def _invoke(runner, *args: str) -> None:
    result = runner.invoke(args=list(args))
    if result.exit_code != 0:
        raise RuntimeError(f"flask {' '.join(args)}: {result.output}")


def _write_files(runner, world: dict, folder: Path, work: Path) -> int:
    zip_path = work / "course.zip"
    _invoke(runner, "courses", "export", world["course_slug"], str(zip_path))
    write_zip(folder / "course-export", zip_path.read_bytes())
    cohort = str(world["cohort_id"])
    for fmt in ("csv", "xlsx", "pdf"):
        for pseudonymise in (False, True):
            path = work / f"report.{fmt}"
            PDF_HTML.clear()
            flags = ["--pseudonymise"] if pseudonymise else []
            _invoke(runner, "reports", "progress", "--cohort", cohort, "--format", fmt,
                    *flags, "-o", str(path))  # fmt: skip
            name = "progress" + ("-pseudonymised" if pseudonymise else "")
            content = path.read_bytes()
            if fmt == "csv":
                (folder / f"{name}.csv").write_bytes(content)
            elif fmt == "xlsx":
                (folder / f"{name}.xlsx.txt").write_text(xlsx_cells(content), encoding="utf-8")
            else:
                write_pdf(folder, name, content)
    gift = work / "quiz.gift"
    _invoke(
        runner, "quizzes", "export-gift", "--quiz", str(world["quiz_id"]), "--output", str(gift)
    )
    (folder / "quiz.gift").write_bytes(gift.read_bytes())
    return sum(1 for path in folder.rglob("*") if path.is_file())


# -- the command -----------------------------------------------------------------------------
@contextmanager
def rendered_templates(app):
    """The names of the templates rendered (each page's own, not those it includes)."""
    from flask import template_rendered

    names: set[str] = set()

    def record(_sender, template, **_extra):
        names.add(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def snapshot(out: Path, roles: list[str], database_url: str | None = None) -> tuple[int, int]:
    """Builds the world and writes its pages and files under ``out``; (pages, files)."""
    from tamkeen.extensions import db

    fix_clock_and_chance()
    capture_pdf_html()
    with tempfile.TemporaryDirectory() as data:
        url = database_url or f"sqlite:///{Path(data) / 'snapshot.sqlite'}"
        app = make_app(url, Path(data))
        try:
            world = build_world(app)
            with rendered_templates(app) as names:
                pages = snapshot_pages(app, world, out, roles)
                files = snapshot_files(app, world, out)
            (out / "templates.txt").write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    return pages, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a folder that does not exist yet")
    parser.add_argument("--database-url", help="an EMPTY database (default: a throwaway SQLite)")
    parser.add_argument(
        "--roles", default=",".join(ROLES), help="whose pages, comma-separated (default: all)"
    )
    args = parser.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)  # noqa: S606  # nosec B606  (itself)
    if args.out.exists():
        parser.error(f"{args.out} exists: give a new folder")
    os.environ.setdefault("TAMKEEN_SECRET_KEY", SECRET_KEY)
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    args.out.mkdir(parents=True)
    roles = [role for role in args.roles.split(",") if role]
    if not set(roles) <= set(ROLES):
        parser.error(f"--roles: choose among {', '.join(ROLES)}")
    pages, files = snapshot(args.out.resolve(), roles, args.database_url)
    print(f"Wrote {pages} pages and {files} files under {args.out}")


if __name__ == "__main__":
    main()
