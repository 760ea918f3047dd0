"""The page a person sees while the queue makes their document, and once it is made.

No JavaScript: the page asks again by itself (``<meta http-equiv="refresh">``) every
``REFRESH_SECONDS``, and offers a "Check again" link for browsers that do not refresh.
"""

from flask import render_template

from .queue import Pending

REFRESH_SECONDS = 5
# 202 Accepted: the request is taken, the document is not there yet.
ACCEPTED = 202


def progress_page(pending: Pending, title: str, check_url: str, retry_url: str):
    return (
        render_template(
            "jobs/progress.html",
            title=title,
            pending=pending,
            check_url=check_url,
            retry_url=retry_url,
            refresh=REFRESH_SECONDS,
        ),
        ACCEPTED,
    )


def ready_page(title: str, download_url: str):
    return render_template("jobs/ready.html", title=title, download_url=download_url)
