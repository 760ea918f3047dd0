"""A person at a real server over HTTP (no test client): cookies, forms, CSRF tokens.

Used where a real gunicorn serves the app: the crash drill (tests/quizzes), the two app
servers (tests/test_two_app_servers.py) and the concurrency benchmark
(bench/quiz_concurrency.py). Cookies are the host's, whatever the port, as in a browser: a
visitor whose ``base`` changes to another server on the same host keeps its session.
"""

import html
import re
import secrets
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Visitor:
    def __init__(self, base: str, timeout: float = 30, headers: dict[str, str] | None = None):
        self.base, self.timeout = base, timeout
        handler = urllib.request.HTTPCookieProcessor(CookieJar())
        self.opener = urllib.request.build_opener(handler)
        self.opener.addheaders += list((headers or {}).items())

    def get(self, path: str) -> str:
        """The page's text; an error status raises ``urllib.error.HTTPError``."""
        with self.opener.open(self.base + path, timeout=self.timeout) as response:
            return response.read().decode()

    def download(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=self.timeout) as response:
            return response.read()

    def post(self, path: str, fields, files: dict[str, tuple[str, bytes]] | None = None):
        """The status and the URL the form led to (after redirects), an error status too.
        ``files`` (field: (file name, content)) sends the form as multipart/form-data."""
        request = urllib.request.Request(self.base + path)
        if files:
            request.data, content_type = multipart(fields, files)
            request.add_header("Content-Type", content_type)
        else:
            request.data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, ""


def multipart(fields, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body, and its content type."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in dict(fields).items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(head.encode() + str(value).encode() + b"\r\n")
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def token(page: str) -> str:
    """The CSRF token of the (first) form on ``page``."""
    return html.unescape(TOKEN.search(page).group(1))


def first_answers(page: str) -> list[tuple[str, str]]:
    """An answer for the question on ``page``: the first choice of each control, or a
    typed number."""
    fields, seen = [], set()
    for name, value in re.findall(
        r'<input type="(?:radio|checkbox)" name="(\w+)" [^>]*value="([^"]+)"', page
    ):
        if name not in seen:
            fields.append((name, value))
            seen.add(name)
    if re.search(r'<input type="text"[^>]*name="answer"', page):
        fields.append(("answer", "42"))
    for name, options in re.findall(r'<select name="([\w-]+)"[^>]*>(.*?)</select>', page, re.S):
        fields.append((name, re.findall(r'<option value="([^"]+)"', options)[0]))
    return fields
