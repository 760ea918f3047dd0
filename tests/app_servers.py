"""Real servers for the tests that need them: gunicorn as `make run` starts it, and a
throwaway Redis on a free port (the Debian package `redis-server`, installed by
`tools/debian-packages.sh test`), each stopped when its test is done."""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tamkeen import PROJECT_ROOT

SECRET = "app-servers-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(url: str, folder: Path, settings: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ, TAMKEEN_DATABASE_URL=url, TAMKEEN_SECRET_KEY=SECRET,
               TAMKEEN_DATA_DIR=str(folder), TAMKEEN_RATELIMIT_ENABLED="1",
               TAMKEEN_DEFAULT_LOCALE="en", TAMKEEN_ARGON2_TIME_COST="1",
               TAMKEEN_ARGON2_MEMORY_KIB="1024")  # fmt: skip
    for name in ("TAMKEEN_RATELIMIT_STORAGE_URI", "TAMKEEN_REDIS_URL", "GUNICORN_CMD_ARGS",
                 "WEB_CONCURRENCY", "TAMKEEN_PROXY_COUNT", "TAMKEEN_LOG_FORMAT", "TAMKEEN_JOBS",
                 "TAMKEEN_STORAGE", "TAMKEEN_S3_ENDPOINT", "TAMKEEN_S3_BUCKET",
                 "TAMKEEN_PUBLIC_URL"):  # fmt: skip
        env.pop(name, None)  # make run's defaults
    env.update(settings)
    return env


def gunicorn(
    url: str, folder: Path, log, *options: str, **settings: str
) -> tuple[subprocess.Popen, int]:
    """gunicorn with tools/gunicorn.conf.py, rate limits on, the test database; ``settings``
    are more environment variables (``TAMKEEN_REDIS_URL=...``)."""
    port = free_port()
    env = _environment(url, folder, settings)
    command = [str(PROJECT_ROOT / ".venv/bin/gunicorn"), "--config", "tools/gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", *options, "tamkeen:create_app()"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    return server, port


def jobs_worker(url: str, folder: Path, log, **settings: str) -> None:
    """``flask jobs worker --burst`` as deploy/systemd/tamkeen-worker.service runs it (but
    stopping once the queue is empty), with the same settings as ``gunicorn``."""
    command = [str(PROJECT_ROOT / ".venv/bin/flask"), "--app", "platform/tamkeen",
               "jobs", "worker", "--burst"]  # fmt: skip
    env = _environment(url, folder, settings)
    subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log, timeout=300, check=True
    )


def wait_for(server: subprocess.Popen, port: int) -> str:
    """The server's base URL once it accepts connections."""
    for _ in range(900):  # 90 s: preloading the app took over 30 s at a load of 35 on 2 cores
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return f"http://127.0.0.1:{port}"
        except OSError:
            assert server.poll() is None, "the server stopped"
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def stop(*servers: subprocess.Popen) -> None:
    """Ends every server and its workers at once. A worker that exits normally spends
    seconds of CPU taking apart the app it inherited (measured 4 s at a load of 12 on two
    cores); the tests have nothing in flight by then, and lines already logged are kept."""
    for server in servers:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    for server in servers:
        server.wait(30)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A Redis of its own on a free port, keeping nothing on disk: its URL."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: run tools/debian-packages.sh test"
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes"]  # fmt: skip
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for(server, port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(server)


# The S3-compatible server the tests start: moto's standalone server (PyPI, `moto[server]`
# in requirements-dev.txt). MinIO would be the closer match, but neither Debian nor PyPI
# nor npm carries its server, and the tests install nothing from elsewhere.
S3_KEYS = {"TAMKEEN_S3_ACCESS_KEY": "tamkeen-test", "TAMKEEN_S3_SECRET_KEY": "tamkeen-test-secret"}


@contextmanager
def s3_server(bucket: str = "tamkeen") -> Iterator[dict[str, str]]:
    """An S3-compatible server of its own on a free port, holding one empty bucket: the
    settings (TAMKEEN_STORAGE=s3, TAMKEEN_S3_...) that point an app server at it."""
    import boto3

    port = free_port()
    command = [str(PROJECT_ROOT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for(server, port)
        endpoint = f"http://localhost:{port}"  # a name: no address in any log line
        settings = {"TAMKEEN_STORAGE": "s3", "TAMKEEN_S3_ENDPOINT": endpoint,
                    "TAMKEEN_S3_BUCKET": bucket, **S3_KEYS}  # fmt: skip
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=S3_KEYS["TAMKEEN_S3_ACCESS_KEY"],
            aws_secret_access_key=S3_KEYS["TAMKEEN_S3_SECRET_KEY"],
            region_name="us-east-1",
        ).create_bucket(Bucket=bucket)
        yield settings
    finally:
        stop(server)


def app_settings(settings: dict[str, str]) -> dict[str, str]:
    """Environment settings (TAMKEEN_X) as the app's config keys (X)."""
    return {name.removeprefix("TAMKEEN_"): value for name, value in settings.items()}
