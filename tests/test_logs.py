"""No IP address, password, code or secret in any log (issue 8, "No leaks").

Every test of the suite is watched by ``conftest.logs_hold_no_secrets``: what any library
logged during it is searched, and a leak fails that test. These tests check the two
halves: the application's scrubber, and the search itself.
"""

import json
import logging
import runpy
import threading
import urllib.request

from werkzeug.serving import make_server

from tamkeen import PROJECT_ROOT
from tamkeen.logging_setup import JsonFormatter

from .conftest import leaks_in
from .factories import PASSWORD


def test_the_development_servers_request_log_names_no_client(app, logs_hold_no_secrets):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/sign-in") as response:
            assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
    requests = [line for line in logs_hold_no_secrets.lines if "GET /sign-in" in line]
    assert requests and all("[address removed]" in line for line in requests)
    assert not any("127.0.0.1" in line for line in logs_hold_no_secrets.lines)


def test_any_library_logging_an_address_has_it_removed(app, logs_hold_no_secrets):
    logging.getLogger("gunicorn.error").warning("Invalid request from ip=%s", "2001:db8::7")
    logging.getLogger("gunicorn.error").warning("Error handling request 192.0.2.7:51000")
    lines = logs_hold_no_secrets.lines[-2:]
    assert lines == [
        "gunicorn.error: Invalid request from ip=[address removed]",
        "gunicorn.error: Error handling request [address removed]",
    ]


def test_secrets_in_request_paths_are_removed_from_request_logs(app, logs_hold_no_secrets):
    access = logging.getLogger("gunicorn.access")
    access.setLevel(logging.INFO)  # as gunicorn sets it
    for path in (
        "/join/WZ7Y-Y5AD-9N7G-ES26/register",
        "/welcome/d2ViY29tZS10b2tlbg",
        "/setup/Zmlyc3QtYWRtaW4",
        "/verify/ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567",
    ):
        access.info('[21/Nov/2026:12:00:00] "POST %s" 302 0 4ms', path)
    access.setLevel(logging.NOTSET)
    lines = logs_hold_no_secrets.lines[-4:]
    assert lines == [
        'gunicorn.access: [21/Nov/2026:12:00:00] "POST /join/[secret removed]/register" 302 0 4ms',
        'gunicorn.access: [21/Nov/2026:12:00:00] "POST /welcome/[secret removed]" 302 0 4ms',
        'gunicorn.access: [21/Nov/2026:12:00:00] "POST /setup/[secret removed]" 302 0 4ms',
        'gunicorn.access: [21/Nov/2026:12:00:00] "POST /verify/[secret removed]" 302 0 4ms',
    ]


def test_the_log_search_finds_each_kind_of_leak():
    assert leaks_in("GET / from 203.0.113.9") == ["203.0.113.9"]
    assert leaks_in("peer [2001:db8::1]:443") == ["2001:db8::1"]
    assert leaks_in("host 192.0.2.1:8080 said hi") == ["192.0.2.1"]
    assert leaks_in(f"login with {PASSWORD}") == [PASSWORD]
    assert leaks_in("code 2345-6789-ABCD-EFGH used") == ["2345-6789-ABCD-EFGH"]
    assert leaks_in("[21/Nov/2026 11:18:36] GET /static/v1.2.3/app.css HTTP/1.1") == []
    assert leaks_in("amal finished Rights online", ["Rights online"]) == ["Rights online"]


def test_gunicorns_own_messages_lose_addresses_and_keep_times():
    settings = runpy.run_path(str(PROJECT_ROOT / "tools" / "gunicorn.conf.py"))
    assert "%(h)s" not in settings["access_log_format"]  # the access log names no client
    record = logging.LogRecord(
        "gunicorn.error", logging.INFO, __file__, 1, "[12:00:01] from 203.0.113.5 via %s",
        ("[2001:db8::1]:8000",), None,
    )  # fmt: skip
    assert settings["_NoAddresses"]().filter(record)
    message = record.getMessage()
    assert "12:00:01" in message and leaks_in(message) == []


def test_json_request_lines_hold_the_request_and_nothing_about_the_person():
    atoms = {"h": "203.0.113.9", "a": "Mozilla/5.0 (Linux; Android 9)", "f": "https://x.example/",
             "m": "POST", "U": "/join/WZ7Y-Y5AD-9N7G-ES26/register", "s": "302", "B": "0",
             "M": "4", "t": "[21/Nov/2026:12:00:00]"}  # fmt: skip
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(t)s "%(m)s %(U)s" %(s)s', (atoms,), None
    )
    text = JsonFormatter().format(record)
    line = json.loads(text)
    assert line["method"] == "POST" and line["status"] == 302 and line["duration_ms"] == 4
    assert line["path"] == "/join/[secret removed]/register"
    assert line["logger"] == "gunicorn.access" and line["time"].endswith("+00:00")
    for kept_out in ("203.0.113.9", "Mozilla", "x.example", "WZ7Y"):
        assert kept_out not in text


def test_json_lines_scrub_messages_and_tracebacks():
    try:
        raise ConnectionError("refused by 192.0.2.7:5432")
    except ConnectionError as error:
        record = logging.LogRecord(
            "tamkeen", logging.ERROR, __file__, 1, "from %s", ("198.51.100.1",),
            (type(error), error, error.__traceback__),
        )  # fmt: skip
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "from [address removed]"
    assert "ConnectionError" in line["error"] and leaks_in(line["error"]) == []
