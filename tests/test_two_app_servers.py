"""Two app servers behind one proxy, as a larger deployment runs them (docs/deploy.md):
two gunicorn processes on different ports, one database (PostgreSQL in `make test`'s
PostgreSQL run), one Redis, one S3-compatible storage (moto's server), each with a DATA_DIR
of its own (as on two machines), each as `make run` starts gunicorn with TAMKEEN_REDIS_URL,
TAMKEEN_STORAGE=s3, TAMKEEN_PROXY_COUNT=1 and JSON logs. Whatever one server does, the other
sees: a session, the rate-limit counts, an uploaded paper, a handbook laid out once for
both, a job started on one and downloaded from the other (a handbook, and the results kept
for one person: a cohort's PDF report, an administrator's backup).
"""

import io
import itertools
import json
import urllib.error
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyotp
import pytest
from pypdf import PdfReader, PdfWriter

from tamkeen.backups import decrypt, read_manifest
from tamkeen.extensions import db

from .app_servers import gunicorn, jobs_worker, redis_server, s3_server, stop, wait_for
from .factories import PASSWORD, TOTP_SECRET
from .http_visitor import Visitor, token

SIGN_IN_LIMIT = 10  # a minute, per client (accounts/views.py)
# The servers and this process (whose factories seal the authenticator secrets) share it.
TOTP_KEY = "two-app-servers-test-totp-key-0123456789"
BACKUP_PASSPHRASE = "two servers, one backup passphrase"
_clients = (f"203.0.113.{n}" for n in itertools.count(10))  # each test a client of its own


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    return tmp_path_factory.mktemp("logs")


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """What the servers share besides the database: Redis and the storage, as settings."""
    with redis_server(tmp_path_factory.mktemp("redis")) as redis_url, s3_server() as s3:
        yield {"TAMKEEN_REDIS_URL": redis_url, **s3}


def server_settings(shared: dict[str, str]) -> dict[str, str]:
    # One public address, as behind one proxy: documents print their links with it (and
    # are cached under it), whichever server lays them out.
    return {**shared, "TAMKEEN_PROXY_COUNT": "1", "TAMKEEN_LOG_FORMAT": "json",
            "TAMKEEN_TOTP_KEY": TOTP_KEY, "TAMKEEN_JOBS": "queue",
            "TAMKEEN_BACKUP_PASSPHRASE": BACKUP_PASSPHRASE,
            "TAMKEEN_PUBLIC_URL": "https://tamkeen.example.org"}  # fmt: skip


@pytest.fixture(scope="module")
def servers(database_url, tmp_path_factory, logs, shared):
    """Two servers' base URLs; their logs are checked when they stop."""
    settings = server_settings(shared)
    started = []
    try:
        for name in ("a", "b"):
            log = (logs / f"{name}.log").open("w")
            own = tmp_path_factory.mktemp(f"data-{name}")  # as on two machines
            started.append((*gunicorn(database_url, own, log, **settings), log))
        yield [wait_for(server, port) for server, port, _log in started]
    finally:
        stop(*(server for server, _port, _log in started))
        for _server, _port, log in started:
            log.close()
    check_logs(logs)


def check_logs(folder: Path) -> None:
    """Every line one JSON object; no client address, forwarded or not, anywhere."""
    for path in folder.glob("*.log"):
        text = path.read_text()
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert any(line.get("path") == "/sign-in" for line in lines), path
        assert "203.0.113." not in text and "127.0.0.1" not in text, path


@pytest.fixture
def visitor(servers, app):
    """A person at server A, behind the proxy that names their address."""
    app.config["TOTP_KEY"] = TOTP_KEY
    with app.app_context():  # the servers, not this process, use the database now
        db.session.remove()
        db.engine.dispose()
    return Visitor(servers[0], headers={"X-Forwarded-For": next(_clients)})


def sign_in(visitor: Visitor, first: str, second: str, username: str) -> None:
    """Password on ``first``, the authenticator's code on ``second``."""
    visitor.base = first
    fields = {"csrf_token": token(visitor.get("/sign-in")), "username": username}
    status, url = visitor.post("/sign-in", {**fields, "password": PASSWORD})
    assert status == 200 and url.endswith("/sign-in/code")
    visitor.base = second
    fields = {"csrf_token": token(visitor.get("/sign-in/code"))}
    status, url = visitor.post("/sign-in/code", {**fields, "code": pyotp.TOTP(TOTP_SECRET).now()})
    assert status == 200 and not url.endswith("/sign-in/code"), url


def signed_in(visitor: Visitor, base: str) -> bool:
    visitor.base = base
    return 'action="/sign-out"' in visitor.get("/")


def test_a_session_begun_on_one_server_is_valid_on_the_other(servers, visitor, make):
    a, b = servers
    make.user("tess", roles=("trainee", "trainer"))
    sign_in(visitor, a, b, "tess")
    assert signed_in(visitor, a) and signed_in(visitor, b)
    # Signing out on one ends the session on both (the per-user token is in the database).
    visitor.post("/sign-out", {"csrf_token": token(visitor.get("/"))})
    assert not signed_in(visitor, b) and not signed_in(visitor, a)


def test_the_sign_in_limit_holds_across_servers_when_attempts_alternate(servers, visitor):
    statuses = []
    for base in itertools.islice(itertools.cycle(servers), 3 * SIGN_IN_LIMIT):
        visitor.base = base
        fields = {"csrf_token": token(visitor.get("/sign-in")), "username": "nobody"}
        statuses.append(visitor.post("/sign-in", {**fields, "password": "a guess"})[0])
    answered = [status for status in statuses if status != 429]
    assert len(answered) == SIGN_IN_LIMIT, statuses
    assert set(answered) == {422}  # each a refused sign-in, none a server error


def test_a_paper_uploaded_through_one_server_downloads_from_the_other(servers, visitor, make):
    a, b = servers
    make.user("tess", roles=("trainee", "trainer"))
    sign_in(visitor, a, a, "tess")
    fields = {"csrf_token": token(visitor.get("/papers/new")), "title": "Shared folders",
              "authors": "Tamkeen", "language": "en", "topic": "digital-safety",
              "summary": "Two servers, one library.", "published_on": "2026-11-01"}  # fmt: skip
    status, url = visitor.post("/papers/new", fields, files={"pdf": ("paper.pdf", one_page())})
    assert status == 200 and url.rsplit("/", 1)[-1].isdigit(), url
    visitor.base = b
    downloaded = visitor.download(f"/papers/{url.rsplit('/', 1)[-1]}/download")
    assert len(PdfReader(io.BytesIO(downloaded)).pages) == 1


def one_page() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def laid_out(logs: Path) -> list[str]:
    """The PDF layouts the servers and the worker have logged so far."""
    lines = []
    for path in sorted(logs.iterdir()):
        for line in path.read_text().splitlines():
            if line.strip() and json.loads(line).get("message", "").startswith("Laid out "):
                lines.append(json.loads(line)["message"])
    return lines


@pytest.fixture
def work(database_url, shared, logs, tmp_path):
    """Runs the queue's jobs: a worker as the worker unit starts it, on a machine of its
    own (its own DATA_DIR), until the queue is empty."""

    def run() -> None:
        with (logs / "worker.out").open("a") as log:
            jobs_worker(database_url, tmp_path, log, **server_settings(shared))

    return run


def test_a_paper_laid_out_on_both_servers_at_once_is_laid_out_once(servers, logs, visitor, make):
    """In the request (a paper is no job): the Redis lock makes the second server wait for
    the first one's file rather than lay it out again."""
    paper = make.paper("One layout, two servers", body="## Summary\n\n" + "A line.\n\n" * 200)
    before = laid_out(logs)
    path = f"/papers/{paper.id}/download"
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda base: Visitor(base).download(path), servers))
    assert answers[0] == answers[1] and answers[0].startswith(b"%PDF-")
    assert len(laid_out(logs)[len(before) :]) == 1


def test_a_handbook_asked_for_on_both_servers_at_once_is_one_job_laid_out_once(
    servers, logs, visitor, make, work
):
    """Both servers queue the same job (its id is the document's); the worker started here
    lays it out once; the job asked for on A is shown ready, and downloads, on B."""
    a, b = servers
    course = make.course("One layout for two servers", modules=2, lessons=2)
    before = laid_out(logs)
    path = f"/courses/{course.id}/handbook"
    with ThreadPoolExecutor(2) as pool:
        pages = list(pool.map(lambda base: Visitor(base).get(path), servers))
    assert all("Waiting for its turn to be prepared." in page for page in pages)
    assert "Waiting for its turn to be prepared." in Visitor(b).get(f"{path}?wait=1")
    work()
    assert "The document is ready." in Visitor(b).get(f"{path}?wait=1")
    answers = [Visitor(base).download(path) for base in (b, a)]
    assert answers[0] == answers[1]
    assert "One layout for two servers" in PdfReader(io.BytesIO(answers[0])).pages[0].extract_text()
    assert len(laid_out(logs)[len(before) :]) == 1


def test_a_report_and_a_backup_started_on_one_server_download_from_the_other(
    servers, visitor, make, work
):
    """Results kept for the one person who asked (jobs/private.py): the job and who asked
    are in Redis, the file in the bucket. The organizer asks on A, the administrator on B;
    the worker makes both; each downloads once from the other server; nobody else can."""
    a, b = servers
    organizer = make.user("org", roles=("organizer",))
    make.user("root", roles=("admin",))
    amal = make.user("amal", display_name="Amal Two Servers")
    cohort = make.cohort(organizer, participants=[amal], courses=[make.course(modules=1)])
    sign_in(visitor, a, a, "org")
    fields = {"csrf_token": token(visitor.get(f"/cohorts/{cohort.id}")), "pdf": "PDF"}
    status, report = visitor.post(f"/cohorts/{cohort.id}/reports/progress", fields)
    assert status == 202 and report.endswith("?wait=1"), (status, report)
    admin = Visitor(b, headers={"X-Forwarded-For": next(_clients)})
    sign_in(admin, b, b, "root")
    fields = {"csrf_token": token(admin.get("/admin/backups"))}
    status, backup = admin.post("/admin/backups", fields)
    assert status == 202 and backup.endswith("?wait=1"), (status, backup)
    report, backup = path_of(report), path_of(backup)
    work()  # one worker, both jobs
    visitor.base, admin.base = b, a  # each on the other server now
    assert "The document is ready." in visitor.get(report)
    assert "Download the backup" in admin.get(backup)
    with pytest.raises(urllib.error.HTTPError, match="404"):  # another person's: nothing
        admin.get(report)
    pdf = visitor.download(report.removesuffix("?wait=1"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Progress report" in text and "Amal Two Servers" in text
    archive = decrypt(admin.download(backup.removesuffix("?wait=1")), BACKUP_PASSPHRASE)
    assert read_manifest(archive)["row_counts"]["cohorts"] == 1
    visitor.base, admin.base = a, b  # downloaded once: gone, on both servers
    for person, url in ((visitor, report), (admin, backup)):
        with pytest.raises(urllib.error.HTTPError, match="404"):
            person.get(url)


def path_of(url: str) -> str:
    """``/path?query`` of a full URL, to ask it of either server."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
