"""gunicorn settings for Tamkeen. Access logs never record the client's address."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from tamkeen.logging_setup import scrub  # noqa: E402

wsgi_app = "tamkeen:create_app()"
pythonpath = "platform"
workers = 2
threads = 4
worker_class = "gthread"
# The master loads the app once and forks workers from it: a worker that dies (killed, out
# of memory) is replaced in milliseconds instead of re-importing everything. create_app()
# opens no database connection, so no connection is shared across the fork.
preload_app = True
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


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_addresses": {"()": _NoAddresses}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_addresses"],
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Alembic announces its plugins at INFO in every worker that loads the app.
        "alembic": {"level": "WARNING"},
    },
}
