"""The single-render lock (locks.single): in Redis when TAMKEEN_REDIS_URL is set, so that two
app servers that share no disk still lay a document out once; on disk otherwise, or while
Redis does not answer."""

import threading
import time

import pytest

from tamkeen import locks

from .app_servers import free_port, redis_server


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def _overlap(app, first, second) -> bool:
    """Whether two holders, each asking with its own (name, disk path), held at once."""
    events = []

    def hold(name, path, tag):
        with app.app_context(), locks.single(name, path):
            events.append(("in", tag))
            time.sleep(0.3)
            events.append(("out", tag))

    threads = [threading.Thread(target=hold, args=(*args, tag))
               for tag, args in (("1", first), ("2", second))]  # fmt: skip
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(10)
    return [kind for kind, _tag in events] != ["in", "out", "in", "out"]


def test_with_redis_one_name_is_one_lock_whatever_the_disk(app, redis_url, tmp_path):
    app.config["REDIS_URL"] = redis_url
    # Two servers: the same document, a lock file on each one's own disk.
    assert not _overlap(app, ("doc", tmp_path / "a.lock"), ("doc", tmp_path / "b.lock"))
    assert _overlap(app, ("doc", tmp_path / "a.lock"), ("other", tmp_path / "b.lock"))


def test_without_redis_the_lock_is_the_file(app, tmp_path):
    assert not _overlap(app, ("doc", tmp_path / "x.lock"), ("doc", tmp_path / "x.lock"))
    assert _overlap(app, ("doc", tmp_path / "x.lock"), ("doc", tmp_path / "y.lock"))


def test_with_redis_down_the_lock_falls_back_to_the_file(app, tmp_path, caplog):
    app.config["REDIS_URL"] = f"redis://localhost:{free_port()}/0"  # nobody listens
    assert not _overlap(app, ("doc", tmp_path / "x.lock"), ("doc", tmp_path / "x.lock"))
    assert "Redis is unreachable (ConnectionError), locking on disk" in caplog.text
