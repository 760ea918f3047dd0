"""Benchmark: one app server against two, both behind Caddy, side by side (issue 20).

The pages and people of bench/signed_in_pages.py (the anonymous lesson, a trainee's
/learning and course page), a database (PostgreSQL with --database-url or
TAMKEEN_BENCH_DATABASE_URL; SQLite otherwise), one Redis, two gunicorns as `make run`
starts them with TAMKEEN_REDIS_URL (two workers of four threads each), and two Caddys
(Debian's `caddy`, plain HTTP on local ports): one passing to server A only, one sharing
between A and B. ``wrk`` (Debian package ``wrk``) measures each page through each Caddy,
the two alternating so that a neighbour's load falls on both alike.

    .venv/bin/python bench/two_servers.py [--seconds 10] [--connections 10 50]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from quiz_data import ROOT, bench_app, database_url
from signed_in_pages import SECRET, cookie_of, seed

sys.path.insert(0, str(ROOT))
from tamkeen.extensions import db  # noqa: E402
from tests.app_servers import free_port, gunicorn, redis_server, stop, wait_for  # noqa: E402

CADDYFILE = """{{
\tadmin off
\tauto_https off
}}
:{port} {{
\treverse_proxy {upstreams} {{
\t\tlb_policy round_robin
\t\ttransport http {{
\t\t\tkeepalive 1s
\t\t}}
\t}}
}}
"""


# wrk prints the 50th, 75th, 90th and 99th percentiles; the 95th needs its Lua hook.
PERCENTILES = """done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d %d\\n", p, latency:percentile(p)))
  end
end
"""


def wrk(url: str, connections: int, seconds: int, cookie: str | None, script: Path) -> dict:
    headers = ["-H", "Accept-Encoding: gzip, br"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s",
               "--timeout", "10s", "-s", str(script), *headers, url]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result = {f"p{p}": int(us) / 1000 for p, us in re.findall(r"^p(\d+) (\d+)$", output, re.M)}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    result["errors"] = (sum(map(int, errors.groups())) if errors else 0) + (
        int(non_2xx.group(1)) if non_2xx else 0
    )
    return result


def caddy(folder: Path, name: str, upstreams: list[int], log) -> tuple[subprocess.Popen, int]:
    port = free_port()
    config = folder / f"{name}.Caddyfile"
    config.write_text(
        CADDYFILE.format(port=port, upstreams=" ".join(f"127.0.0.1:{p}" for p in upstreams))
    )
    env = dict(os.environ, XDG_DATA_HOME=str(folder / name), XDG_CONFIG_HOME=str(folder / name))
    server = subprocess.Popen(
        ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"],
        env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    return server, port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--connections", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = database_url(args.database_url, folder)
        app = bench_app(url, folder)
        app.config["SECRET_KEY"] = SECRET
        ids = seed(app, args.participants)
        trainee, _ = cookie_of(app, "bench-trainee")
        with app.app_context():
            db.engine.dispose()
        pages = {
            "lesson (anonymous)": (f"/courses/{ids['course']}/lessons/{ids['lesson']}", None),
            "/learning": ("/learning", trainee),
            "course page": (f"/courses/{ids['course']}", trainee),
        }
        script = folder / "percentiles.lua"
        script.write_text(PERCENTILES)
        (folder / "redis").mkdir()
        log = (folder / "servers.log").open("w")
        started = []
        with redis_server(folder / "redis") as redis_url:
            settings = {"TAMKEEN_REDIS_URL": redis_url, "TAMKEEN_RATELIMIT_ENABLED": "0",
                        "TAMKEEN_SECRET_KEY": SECRET}  # fmt: skip
            try:
                ports = []
                for _ in ("a", "b"):
                    server, port = gunicorn(url, folder, log, "--access-logfile", "/dev/null",
                                            **settings)  # fmt: skip
                    started.append(server)
                    wait_for(server, port)
                    ports.append(port)
                proxies = {}
                for label, upstreams in (("one server", ports[:1]), ("two servers", ports)):
                    proxy, port = caddy(folder, label.replace(" ", "-"), upstreams, log)
                    started.append(proxy)
                    proxies[label] = wait_for(proxy, port)
                for base in proxies.values():  # warm up every worker, check each page answers
                    for path, cookie in pages.values():
                        wrk(base + path, 4, 2, cookie, script)
                print(f"load average before: {os.getloadavg()}")
                for connections in args.connections:
                    print(f"\n{connections} connections, {args.seconds} s each")
                    print(f"{'page':<20} {'through Caddy to':<12} {'req/s':>7} {'p50 ms':>8} "
                          f"{'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")  # fmt: skip
                    for page, (path, cookie) in pages.items():
                        for label, base in proxies.items():
                            r = wrk(base + path, connections, args.seconds, cookie, script)
                            print(f"{page:<20} {label:<12} {r['rps']:>7.1f} {r['p50']:>8.0f} "
                                  f"{r['p95']:>8.0f} {r['p99']:>8.0f} "
                                  f"{r['errors']:>6}", flush=True)  # fmt: skip
                print(f"\nload average after: {os.getloadavg()}")
            finally:
                stop(*started)
                log.close()


if __name__ == "__main__":
    main()
