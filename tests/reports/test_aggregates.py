"""The dashboard's sums kept by the writes (reports/aggregates.py, issue 17): after every
kind of write the app makes, the dashboard read from the sums equals the dashboard
computed from every participant × course row, for the whole cohort, an organization and
a course, in the cohort written and in another sharing a person and a course; the kept
tables equal a rebuild's; an erased person leaves no row of their own."""

import pytest
from sqlalchemy import func, select

from tamkeen.extensions import db
from tamkeen.learning import summaries
from tamkeen.reports import aggregates
from tamkeen.reports.dashboard import cohort_dashboard
from tamkeen.reports.models import ReportPair, ReportSum
from tamkeen.reports.progress import ReportFilter

from .writes import Writes


def _filters(cohort_id: int) -> list[ReportFilter]:
    from tamkeen.cohorts.models import CohortCourse, CohortParticipant

    organizations = db.session.scalars(
        select(CohortParticipant.organization_id)
        .where(CohortParticipant.cohort_id == cohort_id)
        .distinct()
    )
    courses = db.session.scalars(
        select(CohortCourse.course_id).where(CohortCourse.cohort_id == cohort_id)
    )
    return (
        [ReportFilter()]
        + [ReportFilter(organization_id=o) for o in organizations if o is not None]
        + [ReportFilter(course_id=c) for c in courses]
    )


def _tables() -> tuple[list, list]:
    pairs = db.session.execute(select(ReportPair.__table__).order_by(*ReportPair.__table__.c))
    sums = db.session.execute(select(ReportSum.__table__).order_by(*ReportSum.__table__.c))
    return [tuple(row) for row in pairs], [tuple(row) for row in sums]


def _check(app, cohort_ids, name) -> None:
    with app.app_context():
        for cohort_id in cohort_ids:
            for report in _filters(cohort_id):
                kept = cohort_dashboard(cohort_id, report)
                grid = cohort_dashboard(cohort_id, report, from_grid=True)
                assert kept == grid, (name, cohort_id, report)
        stored = _tables()
        aggregates.rebuild()  # what a rebuild would store, then forgotten
        assert _tables() == stored, name
        db.session.rollback()


@pytest.fixture
def two_cohorts(app, make, watched):
    """Badr is also in another cohort taking Rights online."""
    other_organizer = make.user("other", roles=("trainee", "organizer"))
    other = make.cohort(other_organizer, participants=[watched.badr], courses=[watched.rights])
    return watched, other


def test_the_kept_sums_equal_the_grid_after_every_kind_of_write(app, make, two_cohorts):
    small, other = two_cohorts
    cohort_ids = [small.cohort.id, other.id]
    _check(app, cohort_ids, "seeded")
    with app.app_context():
        assert db.session.scalar(select(ReportSum.enrolments).limit(1))  # not empty
    writes = Writes(app, make, small)
    for name in Writes.ORDER:
        writes.run(name)
        _check(app, cohort_ids, name)
    with app.app_context():  # the erased person (Amal) left only anonymous counts
        assert small.amal.id not in db.session.scalars(select(ReportPair.user_id)).all()
    with app.app_context():  # Badr's organization deleted: the database forgets it
        from tamkeen.cohorts import services as cohorts
        from tamkeen.cohorts.models import Organization

        found = db.session.get(Organization, small.amal_org.id)
        cohorts.delete_organization(found, by=writes.by())
        db.session.commit()
    _check(app, cohort_ids, "organization_deleted")


def test_a_statement_of_unknown_rows_and_a_rebuild_keep_the_sums_right(app, make, two_cohorts):
    small, other = two_cohorts
    from sqlalchemy import update

    from tamkeen.learning.models import ProgressSummary

    with app.app_context():  # an update whose rows the listener reads before it runs
        db.session.execute(
            update(ProgressSummary)
            .where(ProgressSummary.lessons_done > 0)
            .values(lessons_done=ProgressSummary.lessons_done - 1)
        )
        db.session.commit()
    _check(app, [small.cohort.id, other.id], "update")
    with app.app_context():  # the repair command's code
        assert summaries.rebuild() > 0
        db.session.commit()
    _check(app, [small.cohort.id, other.id], "rebuild")


def test_two_writers_of_one_cohort_at_once(app, make, two_cohorts):
    """Two people of both cohorts complete a course at the same time (the same new
    completion day's row of the sums): on PostgreSQL both transactions reach
    their commit together (the second then waits for the first's stamp rows); SQLite lets
    one writer in at a time. No deadlock, no lost or doubled count."""
    import threading

    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from tamkeen.accounts.models import User
    from tamkeen.learning import services as learning
    from tamkeen.learning.models import Lesson

    small, other = two_cohorts
    lessons = [lesson.id for lesson in small.budgets.modules[0].lessons]  # no quiz
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    barrier = threading.Barrier(2, timeout=10)

    def together(_session):
        barrier.wait()

    if postgresql:  # first among the before_commit listeners: before the stamps move
        event.listen(Session, "before_commit", together, insert=True)
    errors = []

    def complete(user_id: int) -> None:
        try:
            with app.app_context():
                person = db.session.get(User, user_id)
                for lesson_id in lessons:
                    learning.mark_complete(person, db.session.get(Lesson, lesson_id))
                db.session.commit()
        except Exception as error:  # reported below
            errors.append(error)

    try:
        threads = [
            threading.Thread(target=complete, args=(who.id,)) for who in (small.badr, small.chaima)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        if postgresql:
            event.remove(Session, "before_commit", together)
    assert errors == []
    _check(app, [small.cohort.id, other.id], "together")
    with app.app_context():
        completed = db.session.scalar(
            select(func.sum(ReportSum.completed)).where(
                ReportSum.cohort_id == small.cohort.id, ReportSum.course_id == small.budgets.id
            )
        )
    assert completed == 2  # Badr and Chaima (Amal has done one lesson of two)


def test_writes_after_the_commits_own_maintenance_move_the_sums_too(app, make, two_cohorts):
    """Another before_commit listener, after the stamps', writes a statement and flushes an
    ORM change: both are applied at once."""
    from sqlalchemy import event, update
    from sqlalchemy.orm import Session

    from tamkeen.learning.models import Lesson, ProgressSummary

    small, other = two_cohorts
    lesson_id = small.rights.modules[1].lessons[1].id
    done = []

    def late(session):
        if done or session.in_nested_transaction():
            return
        done.append(True)
        session.execute(
            update(ProgressSummary)
            .where(ProgressSummary.user_id == small.badr.id)
            .values(lessons_done=4)
        )
        session.get(Lesson, lesson_id).is_published = False  # the course's totals
        session.flush()

    event.listen(Session, "before_commit", late)
    try:
        with app.app_context():
            db.session.get(Lesson, small.rights.modules[0].lessons[0].id).title = "Renamed"
            db.session.commit()
    finally:
        event.remove(Session, "before_commit", late)
    assert done
    _check(app, [small.cohort.id, other.id], "late")
    with app.app_context():
        assert db.session.scalar(select(func.sum(ReportSum.completed))) >= 1


def _in_threads(app, writes: dict, hooks: dict) -> list:
    """Each write in its own thread and transaction, committed; ``hooks``: name →
    (before the stamps move, after the commit's maintenance), run in that write's thread
    (PostgreSQL only: SQLite runs the writes one after the other)."""
    import threading

    from sqlalchemy import event
    from sqlalchemy.orm import Session

    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    local, errors = threading.local(), []

    def hook(index):
        def run(session):
            name = getattr(local, "name", None)
            if name in hooks and not session.in_nested_transaction():
                hooks[name][index]()

        return run

    def run(name, write) -> None:
        local.name = name
        try:
            with app.test_request_context():
                write()
                db.session.commit()
        except Exception as error:  # reported by the caller
            errors.append(error)

    listeners = [(hook(0), {"insert": True}), (hook(1), {})] if postgresql else []
    for function, options in listeners:
        event.listen(Session, "before_commit", function, **options)
    try:
        threads = [threading.Thread(target=run, args=item) for item in writes.items()]
        for thread in threads:
            thread.start()
            if not postgresql:
                thread.join(30)
        for thread in threads:
            thread.join(30)
    finally:
        for function, _options in listeners:
            event.remove(Session, "before_commit", function)
    return errors


def test_a_new_member_s_pair_written_by_two_others_at_once(app, make, two_cohorts):
    """Chaima joins a third cohort, which takes course K, while her certificate of K is
    issued and a lesson of K unpublished, three transactions. The join holds the small
    cohort's stamp (her stored progress) until the other two wait at their commits: the
    certificate's stamps are then those of her cohorts without the third (not committed
    when it reads them), the lesson's are the third's. Once the join has committed, both
    recompute her new (third, K) pair — the certificate's at 50 %, the lesson's (100 %)
    without the certificate, unless the pair's row lock serializes them. On
    PostgreSQL each waits (at most 2 s) after its maintenance for the other's. SQLite:
    one writer at a time, one after the other."""
    import threading
    import time

    from tamkeen.accounts.models import User
    from tamkeen.certificates import services as certificates
    from tamkeen.cohorts import services as cohorts
    from tamkeen.cohorts.models import Cohort
    from tamkeen.learning.models import Course, Lesson

    small, other = two_cohorts
    course = make.course("Digital security", modules=1, lessons=2)
    organizer = make.user("third", roles=("trainee", "organizer"))
    third = make.cohort(organizer, participants=[small.badr], courses=[course])
    make.complete(small.chaima, course.modules[0].lessons[0])  # on her own: 1 lesson of 2
    lesson_id = course.modules[0].lessons[1].id  # unpublished: she has completed K
    names = ("holding", "at_commit_1", "at_commit_2", "m1", "m2")
    events = {name: threading.Event() for name in names}

    def chaima():
        return db.session.get(User, small.chaima.id)

    def join():
        third_cohort = db.session.get(Cohort, third.id)
        cohorts.add_participants(third_cohort, [chaima()], organization_id=None, by=None)

    def certificate():
        certificates.issue_certificate(chaima(), db.session.get(Course, course.id))

    def lesson():
        db.session.get(Lesson, lesson_id).is_published = False

    def join_waits():  # holding its stamps until the two others are at their commits
        events["holding"].set()
        events["at_commit_1"].wait(10)
        events["at_commit_2"].wait(10)
        time.sleep(0.3)

    def at_commit(mine):
        def wait():
            events["holding"].wait(10)
            events[mine].set()

        return wait

    def one_after_the_other(mine, theirs):
        def wait():
            events[mine].set()
            events[theirs].wait(2)

        return wait

    hooks = {
        "join": (lambda: None, join_waits),
        "certificate": (at_commit("at_commit_1"), one_after_the_other("m1", "m2")),
        "lesson": (at_commit("at_commit_2"), one_after_the_other("m2", "m1")),
    }
    writes = {"join": join, "certificate": certificate, "lesson": lesson}
    assert _in_threads(app, writes, hooks) == []
    _check(app, [small.cohort.id, other.id, third.id], "three_at_once")
    with app.app_context():
        kept = db.session.scalar(
            select(ReportPair.certificate).where(
                ReportPair.cohort_id == third.id, ReportPair.user_id == small.chaima.id
            )
        )
    assert kept == 1
    with app.app_context():  # a new pair found inserted by another: left for the next pass
        before = _tables()
        row = db.session.execute(
            select(*(ReportPair.__table__.c[name] for name in aggregates._PAIR_COLUMNS)).where(
                ReportPair.cohort_id == third.id, ReportPair.user_id == small.chaima.id
            )
        ).one()
        now = {tuple(row[:3]): tuple(row[3:])}
        assert aggregates._write(db.session.connection(), {}, now) is True
        assert _tables() == before  # neither inserted nor counted in the sums
        db.session.rollback()
