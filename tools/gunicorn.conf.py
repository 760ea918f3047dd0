"""gunicorn settings for Tamkeen. Access logs never record the client's address."""

import re

wsgi_app = "tamkeen:create_app()"
pythonpath = "platform"
workers = 2
threads = 4
worker_class = "gthread"
accesslog = "-"
# No %(h)s: the client's address is never written. Paths carry numeric ids; the secret
# segments some carry (/join/<code>, /welcome/<token>...) are removed by logging_setup.py.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

_ADDRESS = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b", re.I)


class _NoAddresses:
    """Removes anything that looks like an IP address from gunicorn's own messages."""

    def filter(self, record):
        record.msg = _ADDRESS.sub("[address removed]", str(record.msg))
        if record.args:
            record.args = tuple(
                _ADDRESS.sub("[address removed]", a) if isinstance(a, str) else a
                for a in record.args
            )
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
    },
}
