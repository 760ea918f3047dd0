"""The addresses Tamkeen is reached at, and the links it prints.

A link that leaves the page (a QR code, a PDF, a one-time link handed on paper, the CLI's
first-administrator link) must open on a participant's phone. So it starts with, in order:

- ``PUBLIC_URL`` (``TAMKEEN_PUBLIC_URL``) when it is set: a server behind a name;
- during a request, the address the request came to (``request.host_url``), which the host
  allow-list has already checked, so a forged ``Host`` is refused (400), never reflected;
- outside a request (commands, PDFs they render), the bind address (``TAMKEEN_BIND``, as
  ``make run`` passes it to gunicorn) and, when bound to every interface (``0.0.0.0``),
  the machine's first LAN address: never a port the server does not listen on.

The host allow-list (Flask's ``TRUSTED_HOSTS``) holds the public URL's host, the bind
host, the LAN addresses when bound to every interface, ``localhost`` and ``127.0.0.1``,
and the names in ``TAMKEEN_ALLOWED_HOSTS``. A configuration that sets ``TRUSTED_HOSTS``
itself keeps its own list. Nothing here logs an address.
"""

import ipaddress
import socket
import struct
import sys
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, render_template, request, url_for
from werkzeug.exceptions import SecurityError

ANY_INTERFACE = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104  # nosec B104  (recognized, never bound)
ALWAYS_ALLOWED = ("localhost", "127.0.0.1", "::1")
DEFAULT_PORT = 8000  # gunicorn's, for a bind without a port
# Interfaces that are not the room's network: containers, virtual machines, VPN tunnels.
VIRTUAL_PREFIXES = ("docker", "br-", "veth", "virbr", "lxc", "lxd", "vmnet", "tun", "tap", "wg")
SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address


def parse_bind(bind: str) -> tuple[str, int] | None:
    """``host:port`` (or ``[v6]:port``, or a bare host) as (host, port); None for a Unix
    socket or something that is no address."""
    bind = (bind or "").strip()
    if not bind or bind.startswith(("unix:", "fd://")):
        return None
    if bind.startswith("["):
        host, _, rest = bind[1:].partition("]")
        port = rest.removeprefix(":")
    elif bind.count(":") == 1:
        host, port = bind.split(":")
    else:
        host, port = bind, ""
    try:
        return host, int(port) if port else DEFAULT_PORT
    except ValueError:
        return None


def _usable(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def _linux_interface_addresses() -> list[str]:
    import fcntl

    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            if name == "lo" or name.startswith(VIRTUAL_PREFIXES):
                continue
            request_ = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request_)
            except OSError:  # an interface without an IPv4 address, or down
                continue
            found.append(socket.inet_ntoa(answer[20:24]))
    return found


def _default_route_address() -> list[str]:
    # Connecting a UDP socket sends nothing: it only asks which address would be used.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never reached
        except OSError:
            return []
        return [probe.getsockname()[0]]


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks (Wi-Fi, Ethernet), loopback and
    virtual interfaces left out; the default route's first."""
    found = _default_route_address()
    if sys.platform.startswith("linux"):
        found += _linux_interface_addresses()
    unique: list[str] = []
    for address in found:
        if address not in unique and _usable(address):
            unique.append(address)
    return unique


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def bound_urls(bind: str) -> list[str]:
    """The addresses a browser can type to reach a server bound to ``bind``."""
    parsed = parse_bind(bind)
    if parsed is None:
        return []
    host, port = parsed
    hosts = (lan_addresses() or ["127.0.0.1"]) if host in ANY_INTERFACE else [host]
    return [f"http://{_host_for_url(name)}:{port}" for name in hosts]


def configured_public_url(app: Flask | None = None) -> str:
    return ((app or current_app).config.get("PUBLIC_URL") or "").rstrip("/")


def public_url() -> str:
    """The start of every absolute link, without a trailing slash (see the module)."""
    configured = configured_public_url()
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    urls = bound_urls(current_app.config.get("BIND", ""))
    return urls[0] if urls else "http://127.0.0.1:5000"


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link to ``endpoint`` that opens from another device."""
    if has_request_context():
        return public_url() + url_for(endpoint, **values)
    # A command has no request: build the path alone (url_for would want SERVER_NAME).
    return public_url() + current_app.url_map.bind("localhost").build(endpoint, values)


class AllowedHosts:
    """The host names a request may name in its ``Host`` header.

    Read again at most every few seconds when bound to every interface: a trainer often
    starts Tamkeen, then joins the phone's hotspot, and the new address must work at once.
    """

    REFRESH_SECONDS = 5.0

    def __init__(self, app: Flask):
        fixed = list(ALWAYS_ALLOWED)
        public_host = urlsplit(configured_public_url(app)).hostname
        if public_host:
            fixed.append(public_host)
        parsed = parse_bind(app.config.get("BIND", ""))
        self.follows_lan = parsed is not None and parsed[0] in ANY_INTERFACE
        if parsed is not None and not self.follows_lan:
            fixed.append(parsed[0].strip("[]"))
        fixed += app.config.get("ALLOWED_HOSTS") or []
        self.fixed = [name for name in dict.fromkeys(fixed) if name]
        self._lan: list[str] = []
        self._read_at = float("-inf")

    def names(self) -> list[str]:
        if not self.follows_lan:
            return self.fixed
        now = time.monotonic()
        if now - self._read_at > self.REFRESH_SECONDS:
            self._lan, self._read_at = lan_addresses(), now
        return self.fixed + [name for name in self._lan if name not in self.fixed]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def __contains__(self, name: object) -> bool:
        return name in self.names()


def unknown_host(error: SecurityError):
    # A page of its own: with an untrusted host Flask has no URL adapter, so the usual
    # error page (its menu built with url_for) cannot be drawn. The host is not repeated.
    return render_template("errors/unknown_host.html"), 400


def register_addresses(app: Flask) -> None:
    """Refuse requests for a host Tamkeen is not reached at (400), unless the
    configuration sets its own ``TRUSTED_HOSTS``."""
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = AllowedHosts(app)
    app.register_error_handler(SecurityError, unknown_host)
