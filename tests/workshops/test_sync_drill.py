"""The kill -9 drill (docs/design/workshop-sync.md §11.2): syncs of a laptop's results to a
central server A served by a real gunicorn (tools/gunicorn.conf.py, one worker), each cut by
SIGKILL at a random moment (the ``flask workshop sync`` process, or A's worker: gunicorn's
master forks a new one), then run again until it says done. A reference central database R,
a copy of A taken right after the kit was exported, is fed the same results by an uncut
in-process import. After every round the dumps of every travelling table (identities and
values: no integer ids, no times) of A and R are equal.

Rounds: ``TAMKEEN_SYNC_KILLS`` (2 by default, to keep the suite's time; ``make drill`` runs
the issue's 100). Where each kill landed is counted from A's journal just before the kill
and printed (``-s`` shows it): before the merge (the client starting, exporting, uploading),
during the merge, after it (the answer on its way back).
"""

import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tamkeen import PROJECT_ROOT, create_app
from tamkeen.accounts.models import User
from tamkeen.extensions import db
from tamkeen.learning.models import Course
from tamkeen.workshops.merge import import_results
from tamkeen.workshops.models import WorkshopImport

from ..app_servers import _environment, gunicorn, stop, wait_for
from ..conftest import app_config
from ..factories import Factory
from .sync import FAST_KDF, get, lessons, the_quiz, travelling

ROUNDS = int(os.environ.get("TAMKEEN_SYNC_KILLS", "2"))
FLASK = str(PROJECT_ROOT / ".venv/bin/flask")


@contextmanager
def reference_copy(central, url: str, folder: Path):
    """R: a copy of A's database as it is now (the kit issued, nothing imported), with A's
    data folder (the same workshop key)."""
    with central.app_context():
        db.session.remove()
        db.engine.dispose()
    if url.startswith("sqlite"):
        source = Path(make_url(url).database)
        copy = folder / "reference.sqlite"
        shutil.copy(source, copy)
        reference_url = f"sqlite:///{copy}"
    else:
        name = make_url(url).database
        reference_url = make_url(url).set(database=f"{name}_drill_ref").render_as_string(False)
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}_drill_ref"'))
            connection.execute(text(f'CREATE DATABASE "{name}_drill_ref" TEMPLATE "{name}"'))
        admin.dispose()
    app = create_app({**app_config(reference_url, folder), **FAST_KDF})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if not url.startswith("sqlite"):
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}_drill_ref"'))
            admin.dispose()


def journal(app) -> list[tuple[int, str, int]]:
    with app.app_context():
        rows = db.session.scalars(select(WorkshopImport).order_by(WorkshopImport.id)).all()
        found = [(r.seq, r.state, len(r.batches_done or [])) for r in rows]
        db.session.remove()
        return found


def phase(before: list, now: list) -> str:
    """Where a kill landed, from A's journal before the round and just before the kill."""
    if now == before:
        return "before the merge"
    if now[-1][1] != "done":
        return "during the merge"
    return "after the merge"


def connected(port: int) -> bool:
    """Whether a connection to the server's port is open (the sync client's upload)."""
    wanted = f":{port:04X} 01"  # the remote address's port, then ESTABLISHED
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        if any(" ".join(line.split()[2:4]).endswith(wanted) for line in lines):
            return True
    return False


def worker_of(master: subprocess.Popen) -> int | None:
    try:
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def kill(rng, client, server, port: int, central, before, uncut: float):
    """Kill -9 the sync client or A's worker at a random moment; who, and where it landed."""
    target = rng.choice(["client", "worker", "worker at the merge"])
    if target == "client":
        time.sleep(rng.uniform(0, uncut))
    elif target == "worker":  # once the upload is on the wire (an idle worker's death
        while client.poll() is None and not connected(port):  # would test nothing)
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.03))
    else:  # as soon as the merge has begun, and a little later
        while client.poll() is None and journal(central) == before:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))
    where = phase(before, journal(central))
    if target == "client":
        os.killpg(client.pid, signal.SIGKILL)
    elif (worker := worker_of(server)) is not None:
        os.kill(worker, signal.SIGKILL)
    return target, where


def activity(laptop, rng: random.Random, round_: int) -> None:
    """A little work on the laptop: sometimes a newcomer, lessons completed, an attempt."""
    make = Factory(laptop)
    people = ["amal", "badr", "chama"]
    if rng.random() < 0.5:
        newcomer = make.user(f"drill{round_}")
        make.enrol(newcomer, get(laptop, Course))
    with laptop.app_context():
        people += [n for n in db.session.scalars(select(User.username)) if n.startswith("drill")]
    all_lessons = lessons(laptop)
    for _ in range(rng.randint(1, 3)):
        make.complete(get(laptop, User, username=rng.choice(people)), rng.choice(all_lessons))
    if rng.random() < 0.7:
        person = get(laptop, User, username=rng.choice(people))
        make.attempt(person, the_quiz(laptop), right=rng.random() < 0.5)


def test_syncs_cut_by_kill_9_end_as_an_uncut_import(workshop, laptop, database_url, tmp_path):
    rng = random.Random(int(os.environ.get("TAMKEEN_SYNC_SEED", "16")))
    laptop_folder = workshop.folder / "laptop"
    laptop_env = _environment(f"sqlite:///{laptop_folder / 'tamkeen.sqlite'}", laptop_folder, {})
    central_folder = tmp_path / "central"
    with reference_copy(workshop.central, database_url, central_folder) as reference:
        log = (tmp_path / "gunicorn.log").open("wb")
        server, port = gunicorn(
            database_url, central_folder, log, "--workers", "1", TAMKEEN_RATELIMIT_ENABLED="0"
        )
        try:
            base = wait_for(server, port)

            def sync() -> subprocess.Popen:
                return subprocess.Popen(
                    [FLASK, "--app", "platform/tamkeen", "workshop", "sync", base],
                    cwd=PROJECT_ROOT,
                    env=laptop_env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )

            # The uncut duration, measured once: the client's kills are drawn below it.
            started = time.monotonic()
            first = sync()
            output, _ = first.communicate(timeout=300)
            assert first.returncode == 0, output.decode()
            uncut = time.monotonic() - started
            feed(reference, workshop.export_results(laptop))
            landed, reruns, refusals = Counter(), 0, []
            for round_ in range(ROUNDS):
                activity(laptop, rng, round_)
                before = journal(workshop.central)
                client = sync()
                target, where = kill(rng, client, server, port, workshop.central, before, uncut)
                output, _ = client.communicate(timeout=300)
                done = client.returncode == 0
                landed[f"{target}, {where}{'' if not done else ' (already done)'}"] += 1
                while not done:  # run again until it says done
                    reruns += 1
                    assert reruns < 10 * ROUNDS + 10, output.decode()
                    again = sync()
                    output, _ = again.communicate(timeout=300)
                    done = again.returncode == 0
                    if not done and b"Could not reach" not in output:
                        refusals.append(output.decode()[-300:])
                # R: the same results, imported whole in-process.
                feed(reference, workshop.export_results(laptop))
                cut_dump, uncut_dump = comparable(workshop.central), comparable(reference)
                for table in cut_dump:
                    assert cut_dump[table] == uncut_dump[table], (round_, table)
            print(f"\n{ROUNDS} rounds, uncut sync {uncut:.1f} s")
            print(f"{reruns} runs again after the kills")
            for where, count in sorted(landed.items()):
                print(f"  {count:4d}  {where}")
            assert refusals == []
            if workshop.central.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
                with workshop.central.app_context():
                    assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert server.poll() is None, "gunicorn's master died"
        finally:
            stop(server)
            log.close()


def feed(reference, results: Path) -> None:
    with reference.app_context():
        import_results(results.read_bytes(), via="cli", by=None, after_batch=db.session.commit)
        db.session.commit()
        db.session.remove()


def comparable(app) -> dict[str, list]:
    """The travelling tables; the central server's own audit line of each import carries an
    identity made there (a new one in A and in R), so it is compared by its action."""
    dump = travelling(app)
    dump["audit_events"] = sorted(
        (action,) if action.startswith("workshop.") else (identity, action)
        for identity, action in dump["audit_events"]
    )
    return dump
