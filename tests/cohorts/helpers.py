"""Helpers the cohort tests share."""

import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart


def upload(client, cohort, content: bytes, filename: str = "people.csv"):
    """Post a list of people; encoded in memory, as the test client's spooling leaks a
    temp file."""
    boundary, body = encode_multipart(
        {
            "csrf_token": client.csrf_token(),
            "roster-file": FileStorage(io.BytesIO(content), filename),
        }
    )
    return client.post(
        f"/cohorts/{cohort.id}/roster",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
