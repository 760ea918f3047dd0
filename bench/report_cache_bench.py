"""The cached dashboard and participants table at 100 and 10,000 participants (issue 17,
reports/stamps.py and reports/fragments.py), and what the change stamp adds to a write.

On the database of ``scale_data.py`` (kept between runs), through the app's test client,
signed in as each cohort's organizer, in this process's CPU time (the machine is shared):

- warm: the same page again (the stamp has not moved): 100 and 10,000 alternately, the
  ratio is the median of each pair's ratio;
- cold: the first view after a progress write in that cohort (a participant completes a
  lesson, committed), so the stamp has moved and the figures are computed again;
- off: ``TAMKEEN_REPORT_CACHE_KB=0``'s path (the page computed at every view);
- the write: a lesson marked complete (``learning.mark_complete`` + commit) with the
  stamps' session listeners and the dashboard's sums (agg17), with the stamps only, and
  with neither (the code before), in turn: CPU and SQL statements.

    .venv/bin/python bench/report_cache_bench.py --database-url sqlite:////tmp/scale.sqlite
        [--runs 7] [--data-dir /tmp/tamkeen-scale-data]
"""

import argparse
import statistics
import time
from pathlib import Path

from scale_data import organizers_signed_in
from sqlalchemy import event, select

WALL = []  # each measure's wall time too (PostgreSQL's own work is not this process's CPU)


def cpu(action) -> float:
    wall, started = time.perf_counter(), time.process_time()
    action()
    WALL.append(time.perf_counter() - wall)
    return time.process_time() - started


def line(name: str, values: list[float], extra: str = "", walls=None) -> None:
    wall = f", wall median {statistics.median(walls) * 1000:.1f} ms" if walls else ""
    print(f"{name:<34} cpu median {statistics.median(values) * 1000:7.1f} ms "
          f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}), "
          f"{len(values)} runs{wall}{extra}", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", default="/tmp/tamkeen-scale-data")
    args = parser.parse_args()
    app, clients = organizers_signed_in(args.database_url, Path(args.data_dir))

    from tamkeen.cohorts.models import CohortCourse, CohortParticipant
    from tamkeen.extensions import db
    from tamkeen.learning import services as learning
    from tamkeen.learning.models import Lesson, LessonProgress

    store = app.extensions["report_fragments"]

    def view(size: int, page: str) -> None:
        client, cohort_id = clients[size]
        path = f"/cohorts/{cohort_id}" + ("/participants" if page == "table" else "")
        assert client.get(path).status_code == 200

    # The next (participant, lesson) pairs of each cohort nobody has completed yet.
    pending = {}
    with app.app_context():
        for size, (_client, cohort_id) in clients.items():
            done = select(LessonProgress.id).where(
                LessonProgress.user_id == CohortParticipant.user_id,
                LessonProgress.lesson_id == Lesson.id,
            )
            query = (
                select(CohortParticipant.user_id, Lesson.id)
                .join(CohortCourse, CohortCourse.cohort_id == CohortParticipant.cohort_id)
                .join(Lesson, Lesson.course_id == CohortCourse.course_id)
                .where(CohortParticipant.cohort_id == cohort_id, ~done.exists())
                .order_by(CohortParticipant.user_id.desc(), Lesson.id)
                .limit(6 * args.runs + 4)
            )
            pending[size] = list(db.session.execute(query))

    def progress_write(size: int) -> None:
        from tamkeen.accounts.models import User

        user_id, lesson_id = pending[size].pop(0)
        with app.app_context():
            learning.mark_complete(db.session.get(User, user_id), db.session.get(Lesson, lesson_id))
            db.session.commit()

    for page in ("dashboard", "table"):
        view(100, page), view(10_000, page)  # templates warm
        for mode in ("warm", "cold", "off"):
            pages_in(mode, page, view, progress_write, store, args.runs)

    write_cost(app, progress_write, args.runs)


def pages_in(mode: str, page: str, view, progress_write, store, runs: int) -> None:
    """``runs`` pairs of views (100, then 10,000) of ``page``: warm, cold or off."""
    small, large, ratios, walls = [], [], [], ([], [], [])
    for _run in range(runs):
        pair = []
        for size in (100, 10_000):
            if mode == "cold":
                progress_write(size)
            elif mode == "off":
                store.clear()
            else:
                view(size, page)
            hits = store.hits
            pair.append(cpu(lambda size=size: view(size, page)))
            walls[0 if size == 100 else 1].append(WALL[-1])
            assert (store.hits > hits) == (mode == "warm"), (mode, page)
        small.append(pair[0]), large.append(pair[1]), ratios.append(pair[1] / pair[0])
        walls[2].append(walls[1][-1] / walls[0][-1])
    line(f"{page} {mode} 100", small, walls=walls[0])
    ratio = (
        f"; 10,000 ÷ 100 {statistics.median(ratios):.2f} (wall {statistics.median(walls[2]):.2f})"
    )
    line(f"{page} {mode} 10,000", large, ratio, walls=walls[1])


def write_cost(app, progress_write, runs: int) -> None:
    """A lesson completed in the 10,000 cohort, with the stamps' session listeners and the
    dashboard's sums (reports/aggregates.py), with the stamps only, and without either (the
    code before cache17), in turn: CPU and SQL statements. (The "stamp only" write leaves
    the sums behind: run it on a copy of the database.)"""
    from sqlalchemy.orm import Session

    from tamkeen.extensions import db
    from tamkeen.reports import stamps

    try:
        from tamkeen.reports import aggregates
    except ImportError:  # the code before the sums (to measure it the same way)
        aggregates = None

    with app.app_context():
        engine = db.engine
    statements = []

    def count(*_args):
        statements.append(1)

    names = ("before_flush", "after_flush", "do_orm_execute", "before_commit")
    listeners = [(name, getattr(stamps, f"_{name}")) for name in names]
    listeners.append(("after_transaction_end", stamps._after_transaction_end))
    costs = {
        "with the stamp and sums": ([], []),
        "with the stamp only": ([], []),
        "without (before)": ([], []),
    }
    if aggregates is None:  # the stamp and nothing else: the first line
        costs = {"with the stamp": costs["with the stamp only"], "without (before)": ([], [])}
    maintain = aggregates.maintain if aggregates else None
    write_walls = {name: [] for name in costs}
    event.listen(engine, "before_cursor_execute", count)
    for _run in range(runs):
        for name, (times, counts) in costs.items():
            if name.startswith("without"):
                for event_name, function in listeners:
                    event.remove(Session, event_name, function)
            if name.endswith("stamp only"):  # the sums' pending pairs dropped, not applied
                aggregates.maintain = lambda session: aggregates.pending(session).take()
            statements.clear()
            times.append(cpu(lambda: progress_write(10_000)))
            counts.append(len(statements))
            write_walls[name].append(WALL[-1])
            if aggregates is not None:
                aggregates.maintain = maintain
            if name.startswith("without"):
                stamps.listen()
    event.remove(engine, "before_cursor_execute", count)
    for name, (times, counts) in costs.items():
        extra = f", {statistics.median(counts)} statements"
        line(f"lesson completed, {name}", times, extra, walls=write_walls[name])


if __name__ == "__main__":
    main()
