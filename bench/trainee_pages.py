"""Benchmark: the three trainee pages against the anonymous lesson, in process (issue 17).

A trainee with a history (enrolled in 3 of a demo cohort's 5 courses, half the lessons of
two of them done, a quiz submitted in each of two courses, an attempt open) reads
``/learning``, a course page and a quiz question page; an anonymous visitor reads a lesson.
Rounds alternate the pages (so a neighbour's load falls on all of them alike) and time this
process's CPU (default) or the wall clock; prints each page's median and the lesson's time
÷ the page's (what requests per second would give).

    .venv/bin/python bench/trainee_pages.py [--rounds 8] [--requests 10] [--clock cpu]
    .venv/bin/python bench/trainee_pages.py --snapshots DIR   # the pages in ar, fr, en
    .venv/bin/python bench/trainee_pages.py --profile PAGE [--requests 200] [--dump FILE]
    .venv/bin/python bench/trainee_pages.py --calls [--requests 20]
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import tempfile
import time
from pathlib import Path

from quiz_data import bench_app, database_url
from signed_in_pages import PASSWORD
from sqlalchemy import select

from tamkeen.accounts.services import register_user
from tamkeen.cohorts.demo import seed_cohort
from tamkeen.cohorts.models import CohortCourse
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course, Lesson
from tamkeen.quizzes import services as quizzes
from tamkeen.quizzes.models import Quiz
from tests.conftest import Auth

HEADERS = {"Accept-Encoding": "gzip, br"}


def seed(app, participants: int = 20) -> dict:
    """The trainee's history, and the paths of the pages to measure."""
    with app.app_context():
        cohort = seed_cohort(participants, 5, 2026, step=lambda _n: None)
        trainee = register_user("bench-trainee", PASSWORD)
        courses = db.session.scalars(
            select(Course)
            .join(CohortCourse, CohortCourse.course_id == Course.id)
            .where(CohortCourse.cohort_id == cohort.id)
            .order_by(Course.id)
        ).all()[:3]
        for index, course in enumerate(courses):
            learning.enrol(trainee, course)
            lessons = db.session.scalars(
                select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.id)
            ).all()
            if index < 2:
                for lesson in lessons[: len(lessons) // 2]:
                    learning.mark_complete(trainee, lesson)
            quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
            if index < 2 and quiz is not None:
                attempt = quizzes.start_attempt(trainee, quiz)
                quizzes.submit(trainee, attempt.id)
        course = courses[0]
        lesson = db.session.scalar(
            select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.id)
        )
        quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
        db.session.commit()
        return {"course": course.id, "lesson": lesson.id, "quiz": quiz.id}


def clients(app, ids: dict) -> dict:
    anonymous, trainee = app.test_client(), app.test_client()
    Auth(trainee).login("bench-trainee", PASSWORD)
    started = trainee.post_form(f"/courses/{ids['course']}/quizzes/{ids['quiz']}/start", {})
    assert started.status_code == 302, started.status_code
    return {
        "lesson (anonymous)": (anonymous, f"/courses/{ids['course']}/lessons/{ids['lesson']}"),
        "/learning": (trainee, "/learning"),
        "course page": (trainee, f"/courses/{ids['course']}"),
        "quiz question": (trainee, started.headers["Location"]),
    }


TOKENS = re.compile(r'(name="csrf_token"[^>]*value=|value=)"[^"]{40,}"')


def snapshots(pages: dict, folder: Path) -> None:
    """Each page in ar, fr and en, CSRF tokens removed, for ``diff -r``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (client, path) in pages.items():
        for language in ("ar", "fr", "en"):
            html = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
            slug = re.sub(r"\W+", "-", name).strip("-")
            (folder / f"{slug}.{language}.html").write_text(TOKENS.sub(r'\1"-"', html))


def function_calls(pages: dict, requests: int) -> None:
    """Deterministic: what the code does, whatever the machine's load."""
    for page, (client, path) in pages.items():
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            client.get(path, headers=HEADERS)
        profile.disable()
        calls = pstats.Stats(profile).total_calls / requests
        print(f"{page:<20} {calls:9.0f} function calls a request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="cpu")
    parser.add_argument("--database-url")
    parser.add_argument("--snapshots", type=Path)
    parser.add_argument("--profile", help="profile this page (learning, course, question)")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--dump", help="also write the profile to this file (pstats)")
    parser.add_argument(
        "--calls", action="store_true", help="function calls a request (cProfile), each page"
    )
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    with tempfile.TemporaryDirectory() as name:
        app = bench_app(database_url(args.database_url, Path(name)), Path(name))
        pages = clients(app, seed(app))
        for client, path in pages.values():  # warm up, and check each page answers
            for _ in range(3):
                assert client.get(path, headers=HEADERS).status_code == 200, path
        if args.snapshots:
            snapshots(pages, args.snapshots)
            return
        if args.calls:
            function_calls(pages, args.requests)
            return
        if args.profile:
            key = {"learning": "/learning", "course": "course page"}.get(
                args.profile, "quiz question"
            )
            client, path = pages[key]
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests):
                client.get(path, headers=HEADERS)
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)
            if args.dump:
                profile.dump_stats(args.dump)
            return
        timings = {page: [] for page in pages}
        load = os.getloadavg()[0]
        for _ in range(args.rounds):
            for page, (client, path) in pages.items():
                started = clock()
                for _ in range(args.requests):
                    client.get(path, headers=HEADERS)
                timings[page].append((clock() - started) / args.requests)
        lesson = statistics.median(timings["lesson (anonymous)"])
        print(f"load average {load:.1f} → {os.getloadavg()[0]:.1f}; {args.clock} time; "
              f"{args.rounds} rounds of {args.requests} requests")  # fmt: skip
        for page, samples in timings.items():
            median = statistics.median(samples)
            print(f"{page:<20} {median * 1000:7.2f} ms  lesson/page {lesson / median:.2f}")


if __name__ == "__main__":
    main()
