"""Tamkeen's settings, read from environment variables.

This file is loaded by path (``app.config.from_pyfile``), never imported. Every setting has a
default that runs the whole platform on one laptop; docs/deploy.md lists what to set for a
larger deployment. Upper-case names become Flask config keys.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret(folder: Path) -> str:
    """A secret kept in the data folder, so a laptop install needs no configuration.

    Written once, atomically, so that several gunicorn workers starting together agree.
    """
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = folder / f".secret_key.{os.getpid()}"
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as stream:
            stream.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


TAMKEEN_ENV = os.environ.get("TAMKEEN_ENV", "development")
PRODUCTION = TAMKEEN_ENV == "production"

# Uploaded files, the SQLite database, the generated secret and the PDF cache live here.
DATA_DIR = Path(os.environ.get("TAMKEEN_DATA_DIR", _ROOT / "instance"))

SECRET_KEY = os.environ.get("TAMKEEN_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("TAMKEEN_SECRET_KEY must be set when TAMKEEN_ENV=production")
    SECRET_KEY = _local_secret(DATA_DIR)

SQLALCHEMY_DATABASE_URI = os.environ.get(
    "TAMKEEN_DATABASE_URL", f"sqlite:///{DATA_DIR / 'tamkeen.sqlite'}"
)

# The address printed in links that leave the page (the first-admin link, QR codes, PDFs).
# Unset: the address a request came to, or outside a request the bind address below (and
# for 0.0.0.0 the machine's LAN address), so a workshop laptop prints links phones can open.
PUBLIC_URL = os.environ.get("TAMKEEN_PUBLIC_URL", "").strip()
# The address gunicorn listens on (`make run` passes the same to both); 0.0.0.0:5000 serves
# a room. Requests naming another host are refused (addresses.py), except the names listed
# in TAMKEEN_ALLOWED_HOSTS (comma-separated, e.g. a name the room's router gives the laptop).
BIND = os.environ.get("TAMKEEN_BIND", "127.0.0.1:5000").strip()
ALLOWED_HOSTS = [
    name.strip() for name in os.environ.get("TAMKEEN_ALLOWED_HOSTS", "").split(",") if name.strip()
]
# The public server that verifies certificates, printed (text and QR code) on certificates
# issued on a workshop laptop, so that they verify later; unset, the links above.
VERIFY_URL = os.environ.get("TAMKEEN_VERIFY_URL", "").strip()
# How many reverse proxies stand in front of the app (0 when gunicorn faces the network;
# 1 behind deploy/Caddyfile). Set it behind a proxy, or every client has the proxy's
# address and shares one rate limit, and the app cannot see that the request was HTTPS.
PROXY_COUNT = int(os.environ.get("TAMKEEN_PROXY_COUNT", "0"))

# Sessions: short, sliding, and cookies the browser keeps to itself.
PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("TAMKEEN_SESSION_HOURS", "8")))
SESSION_REFRESH_EACH_REQUEST = True
SESSION_COOKIE_NAME = "tamkeen_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("TAMKEEN_SECURE_COOKIES", PRODUCTION)

# CSRF tokens live as long as the session, so a quiz left open for hours still submits.
WTF_CSRF_TIME_LIMIT = None

# Redis, which several app servers share (docs/deploy.md); unset on a single laptop.
REDIS_URL = os.environ.get("TAMKEEN_REDIS_URL") or None

# Sign-in and other rate limits: counted in Redis when it is configured, otherwise in the
# process's memory (one gunicorn worker, tools/gunicorn.conf.py). An explicit store wins.
RATELIMIT_STORAGE_URI = os.environ.get("TAMKEEN_RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
RATELIMIT_ENABLED = _env_bool("TAMKEEN_RATELIMIT_ENABLED", True)
# Redis unreachable: count in each process's memory until it is back, rather than answer
# every sign-in with a server error (/healthz reports Redis failing meanwhile).
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

# Where uploaded papers and the PDF cache live (platform/tamkeen/storage.py): "folder" keeps
# them in DATA_DIR as always; "s3" puts them in an S3-compatible bucket that every app server
# reaches (docs/deploy.md, "More app servers").
STORAGE = os.environ.get("TAMKEEN_STORAGE", "folder")
S3_ENDPOINT = os.environ.get("TAMKEEN_S3_ENDPOINT") or None
S3_BUCKET = os.environ.get("TAMKEEN_S3_BUCKET") or None
S3_ACCESS_KEY = os.environ.get("TAMKEEN_S3_ACCESS_KEY") or None
S3_SECRET_KEY = os.environ.get("TAMKEEN_S3_SECRET_KEY") or None
S3_REGION = os.environ.get("TAMKEEN_S3_REGION") or "us-east-1"
S3_PREFIX = os.environ.get("TAMKEEN_S3_PREFIX", "")

# Long work (a course's handbook): "in-process" (the default) makes it inside the request, as
# `make run` always has; "queue" hands it to the worker (`flask jobs worker`) through Redis,
# which TAMKEEN_REDIS_URL must name. Only with a worker running: see docs/deploy.md.
JOBS = os.environ.get("TAMKEEN_JOBS", "in-process").strip().lower()

# The passphrase of the backups an administrator makes from /admin/backups (with the queue,
# the worker needs it too). Unset, that page makes none; the nightly `flask backup create`
# reads it from its own settings (deploy/systemd/tamkeen-backup.service).
BACKUP_PASSPHRASE = os.environ.get("TAMKEEN_BACKUP_PASSPHRASE") or None

# The largest request body accepted (uploads included).
MAX_CONTENT_LENGTH = int(os.environ.get("TAMKEEN_MAX_UPLOAD_MB", "10")) * 1024 * 1024

# The organization named on certificates as their issuer (a cohort may name its own), as
# a certificate in each language writes it: TAMKEEN_CERTIFICATE_ISSUER_AR (_FR, _EN, _ZGH)
# for one language, else TAMKEEN_CERTIFICATE_ISSUER for all, else Tamkeen in its script.
_ISSUER = os.environ.get("TAMKEEN_CERTIFICATE_ISSUER")
CERTIFICATE_ISSUER = _ISSUER or "Tamkeen"
CERTIFICATE_ISSUERS = {
    language: os.environ.get(f"TAMKEEN_CERTIFICATE_ISSUER_{language.upper()}") or _ISSUER or name
    for language, name in (("ar", "تمكين"), ("fr", "Tamkeen"), ("en", "Tamkeen"), ("zgh", "ⵜⴰⵎⴽⵉⵏ"))
}

# The private key that signs the Open Badges credentials (certificates/openbadges/keys.py):
# a file, never the database. Unset: DATA_DIR/credential_key.pem, which `make run` makes
# (`flask certificates generate-key --if-missing`).
CREDENTIAL_KEY_FILE = os.environ.get("TAMKEEN_CREDENTIAL_KEY_FILE") or None

# The largest policy paper that may be uploaded as a PDF.
PAPER_MAX_BYTES = int(os.environ.get("TAMKEEN_PAPER_MAX_MB", "8")) * 1024 * 1024

# A progress report's PDF downloaded from the web lists each participant only up to this
# many: WeasyPrint lays a table of thousands out in minutes, longer than a request may take.
# Bigger cohorts get the figures and charts, and the per-person table in CSV or XLSX (or
# the whole PDF from `flask reports progress`).
REPORT_PDF_MAX_ROWS = int(os.environ.get("TAMKEEN_REPORT_PDF_MAX_ROWS", "300"))
# The dashboards' and participants tables' rendered parts kept in each worker (reports/
# fragments.py), in kilobytes of HTML; 0: none.
REPORT_CACHE_KB = int(os.environ.get("TAMKEEN_REPORT_CACHE_KB", "16384"))

# PDFs are laid out in a pool of processes of their own (pdf.py), so that WeasyPrint never
# holds a web worker: at most this many layouts at once per worker (0: in the worker, one
# at a time), each process replaced after so many layouts to return the memory they keep.
PDF_PROCESSES = int(os.environ.get("TAMKEEN_PDF_PROCESSES", "1"))
PDF_LAYOUTS_PER_PROCESS = int(os.environ.get("TAMKEEN_PDF_LAYOUTS_PER_PROCESS", "25"))

# The language of a visitor whose browser asks for none we have.
BABEL_DEFAULT_LOCALE = os.environ.get("TAMKEEN_DEFAULT_LOCALE", "ar")
BABEL_DEFAULT_TIMEZONE = os.environ.get("TAMKEEN_TIMEZONE", "Africa/Casablanca")

# Two-step sign-in: the name authenticator apps show above the code. A phone that is
# searched shows it: a deployment may prefer a neutral word.
TOTP_ISSUER = os.environ.get("TAMKEEN_TOTP_ISSUER", "Tamkeen")
# The key that encrypts the authenticator secrets in the database (sealing.py), kept apart
# from it. Unset: a random key in DATA_DIR/totp_key, made when first needed (so a backup,
# which holds DATA_DIR, restores with it). Set it when DATA_DIR is not shared by every app
# server, or to keep the key out of backups (then keep it with the backup passphrase).
TOTP_KEY = os.environ.get("TAMKEEN_TOTP_KEY") or None
if TOTP_KEY is not None and len(TOTP_KEY) < 32:
    raise RuntimeError(
        "TAMKEEN_TOTP_KEY must have at least 32 characters, e.g. "
        "python3 -c 'import secrets; print(secrets.token_hex(32))'"
    )

# Workshop kits and results (docs/workshops.md): the secret from which this server derives
# the key that signs its kits and the keys that encrypt each kit's results. Unset: a random
# secret in DATA_DIR/workshop_key, made at the first kit export. Changing it makes the
# results of kits already out unreadable.
WORKSHOP_KEY = os.environ.get("TAMKEEN_WORKSHOP_KEY") or None
if WORKSHOP_KEY is not None and len(WORKSHOP_KEY) < 32:
    raise RuntimeError("TAMKEEN_WORKSHOP_KEY must have at least 32 characters")
# The cost of turning a kit's passphrase into its key (Argon2id): 64 MiB, 3 passes.
WORKSHOP_KDF_MEMORY_KIB = int(os.environ.get("TAMKEEN_WORKSHOP_KDF_MEMORY_KIB", "65536"))
WORKSHOP_KDF_ITERATIONS = int(os.environ.get("TAMKEEN_WORKSHOP_KDF_ITERATIONS", "3"))

# Where the "quick exit" control on every page leads: a neutral site.
QUICK_EXIT_URL = os.environ.get("TAMKEEN_QUICK_EXIT_URL", "https://www.google.com/")

# Retention (docs/privacy.md), applied by `flask privacy purge`: accounts nobody signed in
# to for this long are erased; audit-log lines and cached PDFs older than this are deleted.
INACTIVE_ACCOUNT_DAYS = int(os.environ.get("TAMKEEN_INACTIVE_ACCOUNT_DAYS", "730"))
AUDIT_RETENTION_DAYS = int(os.environ.get("TAMKEEN_AUDIT_RETENTION_DAYS", "365"))
PDF_CACHE_DAYS = int(os.environ.get("TAMKEEN_PDF_CACHE_DAYS", "30"))

# The application's log: a file, or (unset) standard error. Client addresses are removed
# from every line whatever the destination (logging_setup.py).
LOG_FILE = os.environ.get("TAMKEEN_LOG_FILE") or None
# "text", or "json": one JSON object a line (gunicorn's request lines included), for a log
# collector. Neither ever holds a client's address.
LOG_FORMAT = os.environ.get("TAMKEEN_LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise RuntimeError("TAMKEEN_LOG_FORMAT must be text or json")

# argon2id cost; the defaults follow argon2-cffi's RFC 9106 low-memory profile.
ARGON2_TIME_COST = int(os.environ.get("TAMKEEN_ARGON2_TIME_COST", "3"))
ARGON2_MEMORY_COST = int(os.environ.get("TAMKEEN_ARGON2_MEMORY_KIB", "65536"))

# Where people report an accessibility barrier, printed on /accessibility: an email address
# or a web address (a form, a contact page). Unset: the page asks them to tell their trainer
# or the organizer of their training programme.
ACCESSIBILITY_CONTACT = os.environ.get("TAMKEEN_ACCESSIBILITY_CONTACT", "").strip()
