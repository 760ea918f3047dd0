"""The page a person sees while the queue makes their document, and once it is made.

No JavaScript and no refreshing by itself: a page that reloads on a timer moves a screen
reader back to its top and cuts off whoever is reading it (WCAG 2.2.1; axe-core's
``meta-refresh``). The person asks again with "Check again", when they choose.
"""

from flask import render_template

from .queue import Pending

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
        ),
        ACCEPTED,
    )


def ready_page(title: str, download_url: str, download_label: str | None = None):
    """``download_label`` names the link when the file is no PDF (a backup)."""
    return render_template(
        "jobs/ready.html", title=title, download_url=download_url, download_label=download_label
    )
