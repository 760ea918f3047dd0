"""gunicorn settings for Tamkeen. Access logs never record the client's address.

Rate limits: with the default store, ``memory://``, each worker process keeps its own
counts, so two workers let twice the documented number through. With that store gunicorn
runs one worker of eight threads (the same eight requests at once as two workers of four;
argon2 and the database drivers release the interpreter while they work), and refuses to
start with more workers. With a store the workers share (TAMKEEN_REDIS_URL, or
TAMKEEN_RATELIMIT_STORAGE_URI, e.g. ``redis://``), or with limits turned off, it runs two
workers of four threads.
"""

import faulthandler
import gc
import itertools
import os
import random
import socket
import sys
import time
from pathlib import Path

from gunicorn.workers.gthread import ThreadWorker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from tamkeen.logging_setup import JsonFormatter, scrub  # noqa: E402


def _counts_per_process(enabled: bool, storage: str) -> bool:
    """Whether rate-limit counts would live in each worker's memory."""
    return enabled and storage.startswith("memory://")


def _limits_from_environment() -> tuple[bool, str]:
    """The two settings as config.py reads them (its defaults: on, ``memory://``)."""
    enabled = os.environ.get("TAMKEEN_RATELIMIT_ENABLED", "1").strip().lower()
    storage = (
        os.environ.get("TAMKEEN_RATELIMIT_STORAGE_URI")
        or os.environ.get("TAMKEEN_REDIS_URL")
        or "memory://"
    )
    return enabled in {"1", "true", "yes", "on"}, storage


wsgi_app = "tamkeen:create_app()"
pythonpath = "platform"
workers, threads = (1, 8) if _counts_per_process(*_limits_from_environment()) else (2, 4)


def _arrived(sock) -> bool:
    """Whether a request (or the client's close) waits unread on a kept-alive connection's
    socket (non-blocking there)."""
    try:
        sock.recv(1, socket.MSG_PEEK)
    except (BlockingIOError, InterruptedError):
        return False
    except ValueError:  # a TLS socket takes no flags: gunicorn's own rule applies
        return False
    except OSError:  # reset: reading it again closes it the usual way
        return True
    return True


class GthreadWorker(ThreadWorker):
    """gunicorn's threaded worker (gthread), which never closes a kept-alive connection
    whose next request has already arrived. gunicorn's loop waits for readable sockets,
    then closes the connections idle past ``keepalive``; a request arriving between the two
    (the worker descheduled for a moment on a busy machine: seconds at a load of 17 on two
    cores) was closed unread, and the client got a reset instead of an answer (the load
    test's status-0 errors, bench/load_results.md). Such a connection is served instead,
    with "Connection: close" when the worker is stopping."""

    def murder_keepalived(self, force=False):
        if not force:
            now = time.monotonic()
            due = itertools.takewhile(lambda conn: conn.timeout <= now, self.keepalived_conns)
            for conn in [conn for conn in due if _arrived(conn.sock)]:
                self.on_client_socket_readable(conn, conn.sock)
        super().murder_keepalived(force)

    def _cap_keepalive(self, deadline):
        """A stopping worker (``max_requests``) keeps its idle connections for their own
        ``keepalive`` (within ``graceful_timeout``) instead of closing them all 2 s after it
        began stopping: a client that comes back meanwhile is answered with "Connection:
        close" and opens a new connection, with no request lost."""


worker_class = GthreadWorker
# How long a connection may wait idle for its next request: 30 s, longer than people's
# pauses between two pages in the load test (3–15 s). At gunicorn's 2 s, connections were
# closed all the time just as people came back, and on a busy machine (the worker's loop
# or the client late by a second) a request met the close: 18 lost in 10 minutes on
# PostgreSQL at a load of 12–28 (bench/load_results.md). An idle connection costs the
# worker a socket, no thread. Behind Caddy (deploy/Caddyfile) the proxy drops its idle
# connections first, after 1 s.
keepalive = 30
# The master loads the app once and forks workers from it: a worker that dies (killed, out
# of memory) is replaced in milliseconds instead of re-importing everything. create_app()
# opens no database connection, so no connection is shared across the fork.
preload_app = True
# No control socket (gunicorn 25+, for `gunicornc`): its default path, ~/.gunicorn/gunicorn.ctl,
# is one per account, so two app servers run by one account (deploy/) would take it from
# each other, and it can add workers behind on_starting's back. Tamkeen does not use it.
control_socket_disable = True
# Workers are replaced after a number of requests, each at its own count (the jitter, so
# that two workers never restart together), and the memory a library never gives back
# (WeasyPrint's fonts and layout caches grow a worker by ~130 MiB after PDFs) returns to the
# system. The replacement is forked from the preloaded master in milliseconds and the
# listening socket stays open meanwhile: no request is refused. Not with the ``memory://``
# rate-limit store, where a new worker would start with empty counts and a thousand cheap
# requests would reset every sign-in limit; set TAMKEEN_MAX_REQUESTS to choose anyway.
_recycle_default = "0" if _counts_per_process(*_limits_from_environment()) else "1000"
max_requests = int(os.environ.get("TAMKEEN_MAX_REQUESTS", _recycle_default))
max_requests_jitter = max_requests // 10
# What does grow a worker is laying PDFs out (~0.4 MiB each, never given back): a worker is
# also replaced after this many layouts (plus up to a tenth), whatever the store. A stranger
# cannot make layouts cheaply (documents are cached), so this resets no limit on demand.
PDF_LAYOUTS_PER_WORKER = int(os.environ.get("TAMKEEN_PDF_LAYOUTS_PER_WORKER", "50"))


def pre_fork(server, worker):
    """The preloaded application's objects (modules, classes, the ORM's mappers, the
    catalogues: ~270,000 that the cyclic garbage collector tracks) set apart from the
    collector before the worker is forked from them. Under concurrent requests, objects of
    the requests in flight outlive the young generations, and a full collection followed
    now and then, each scanning all of them with every thread stopped: 0.1–1 s a time on
    the loaded 2-core machine (bench/signed_in_results.md, the quiz question page at 50
    connections); 5–10 ms once they are frozen. They live as long as the process anyway,
    and unmodified they also stay shared with the master's memory (copy on write)."""
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    # A worker killed by a fault in C code (a segfault, an abort) writes every thread's
    # Python stack to the log before it dies: where it happened, never a request's data.
    faulthandler.enable()
    extra = random.randint(0, PDF_LAYOUTS_PER_WORKER // 10)  # noqa: S311  # nosec B311
    worker.tamkeen_layout_limit = PDF_LAYOUTS_PER_WORKER + extra


def post_request(worker, req, environ, resp):
    """Retire the worker once it has made its share of layouts, as gunicorn's own
    ``max_requests`` does: it finishes the requests in hand and the master forks another."""
    from tamkeen.pdf import layouts_done

    if PDF_LAYOUTS_PER_WORKER and layouts_done() >= worker.tamkeen_layout_limit and worker.alive:
        worker.log.info("Replacing the worker after %d PDF layouts.", layouts_done())
        worker.alive = False


def on_starting(server):
    """Refuse several workers counting rate limits apart (e.g. ``--workers 2`` on the command
    line with the memory store): the limits would be multiplied without a word. Checked
    against the loaded app's own settings, the ones the limiter really uses."""
    config = server.app.wsgi().config  # preloaded: the app the workers are forked with
    per_process = _counts_per_process(config["RATELIMIT_ENABLED"], config["RATELIMIT_STORAGE_URI"])
    if per_process and server.cfg.workers > 1:
        raise RuntimeError(
            f"{server.cfg.workers} workers with the rate-limit store "
            f"{config['RATELIMIT_STORAGE_URI']!r} would each count apart, multiplying every "
            "limit: run one worker (the default), or set TAMKEEN_REDIS_URL to a Redis "
            "they share, such as redis://127.0.0.1:6379/0"
        )


accesslog = "-"
# No %(h)s: the client's address is never written. Paths carry numeric ids; the secret
# segments some carry (/join/<code>, /welcome/<token>...) are removed by logging_setup.py.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class _NoAddresses:
    """Removes IP addresses from gunicorn's own messages, before the app is loaded (the
    app's record factory covers everything after). The same scrubber as the app's: it
    keeps times such as 12:00:01, which a plain pattern would take for IPv6."""

    def filter(self, record):
        record.msg = scrub(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
        return True


# TAMKEEN_LOG_FORMAT=json: every line (gunicorn's, the requests', the app's) one JSON
# object, for a log collector; config.py refuses any other value than text or json.
_JSON = os.environ.get("TAMKEEN_LOG_FORMAT", "text").strip().lower() == "json"
_CONSOLE = {"handlers": ["console"], "level": "INFO", "propagate": False}

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_addresses": {"()": _NoAddresses}},
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_addresses"],
            "stream": "ext://sys.stderr",
            **({"formatter": "json"} if _JSON else {}),
        },
    },
    "loggers": {
        "gunicorn.error": _CONSOLE,
        **({"gunicorn.access": _CONSOLE} if _JSON else {}),
        # Alembic announces its plugins at INFO in every worker that loads the app.
        "alembic": {"level": "WARNING"},
        # One line per PDF laid out (its cache key and how long it took): what a server's
        # CPU went to, and how the tests see that a document was laid out once.
        "tamkeen.pdf": _CONSOLE,
        "tamkeen.jobs": _CONSOLE,
    },
}
