"""A person at a real server over HTTP (no test client): cookies, forms, CSRF tokens.

Used where a real gunicorn serves the app: the crash drill (tests/quizzes) and the
concurrency benchmark (bench/quiz_concurrency.py).
"""

import html
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Visitor:
    def __init__(self, base: str, timeout: float = 30):
        self.base, self.timeout = base, timeout
        handler = urllib.request.HTTPCookieProcessor(CookieJar())
        self.opener = urllib.request.build_opener(handler)

    def get(self, path: str) -> str:
        """The page's text; an error status raises ``urllib.error.HTTPError``."""
        with self.opener.open(self.base + path, timeout=self.timeout) as response:
            return response.read().decode()

    def post(self, path: str, fields) -> tuple[int, str]:
        """The status and the URL the form led to (after redirects), an error status too."""
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=self.timeout) as response:
                return response.status, response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, ""


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
