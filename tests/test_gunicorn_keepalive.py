"""tools/gunicorn.conf.py's worker never closes a kept-alive connection whose next request
has already arrived (issue 17's load test: under load, gunicorn's loop looked for readable
sockets, was descheduled, then closed the connections idle past ``keepalive``, requests
that had arrived meanwhile included, and the clients got a reset: status 0). Such a
connection is handed to a thread to be served; the really idle one is closed as before."""

import importlib.util
import selectors
import socket
import time
from collections import deque

import pytest
from gunicorn.config import Config
from gunicorn.workers.gthread import TConn

from tamkeen import PROJECT_ROOT

pytestmark = pytest.mark.one_database  # no database


def gunicorn_settings():
    path = PROJECT_ROOT / "tools" / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("tamkeen_gunicorn_settings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_connection_whose_request_arrived_is_served_and_an_idle_one_closed():
    settings = gunicorn_settings()
    assert settings.worker_class is settings.GthreadWorker
    worker = object.__new__(settings.GthreadWorker)  # what its keep-alive bookkeeping uses
    worker.keepalived_conns, worker.poller, worker.nr_conns = (
        deque(),
        selectors.DefaultSelector(),
        2,
    )
    served = []
    worker.enqueue_req = served.append  # the thread pool's door
    pairs = [socket.socketpair() for _ in range(2)]
    for server_side, _client in pairs:
        server_side.setblocking(False)  # as gunicorn keeps a kept-alive socket
        conn = TConn(Config(), server_side, ("127.0.0.1", 1), ("127.0.0.1", 2))
        conn.timeout = time.monotonic() - 1  # idle past keepalive
        worker.keepalived_conns.append(conn)
        worker.poller.register(server_side, selectors.EVENT_READ)
    (waiting, waiting_client), (idle, idle_client) = pairs
    # Arrived after the worker's look at the poller, before its look at the idle times.
    waiting_client.sendall(b"GET /learning HTTP/1.1\r\nHost: tamkeen\r\n\r\n")
    try:
        worker.murder_keepalived()
        assert [conn.sock for conn in served] == [waiting]
        assert not worker.keepalived_conns
        assert idle_client.recv(16) == b""  # closed
        waiting_client.setblocking(False)
        with pytest.raises(BlockingIOError):  # open, the answer still to come
            waiting_client.recv(16)
        assert worker.nr_conns == 1
    finally:
        worker.poller.close()
        for pair in pairs:
            for end in pair:
                end.close()


def test_a_stopping_worker_keeps_its_idle_connections_for_their_keepalive():
    """gunicorn's own worker closes them all 2 s after it begins stopping (max_requests),
    whatever their idle time: a client coming back just then lost its request."""
    settings = gunicorn_settings()
    assert settings.keepalive == 30
    worker = object.__new__(settings.GthreadWorker)
    later = time.monotonic() + 25
    server_side, client = socket.socketpair()
    try:
        conn = TConn(Config(), server_side, ("127.0.0.1", 1), ("127.0.0.1", 2))
        conn.timeout = later
        worker.keepalived_conns = deque([conn])
        worker._cap_keepalive(time.monotonic() + 2)  # what run() does when the worker stops
        assert conn.timeout == later
    finally:
        server_side.close()
        client.close()
