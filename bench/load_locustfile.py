"""The people of bench/load_test.py, for Locust (run by it: ``locust -f`` this file).

Trainees sign in, read (their courses, lessons), mark lessons complete, take quizzes
(answer every question, submit) and download their certificates; organizers sign in with
their second step, open their cohort's dashboard and participants table and download
reports (CSV, XLSX, PDF). Who they are comes from the JSON file named by
``TAMKEEN_LOAD_PEOPLE``, written by bench/load_test.py after seeding.
"""

import html
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import pyotp
from locust import HttpUser, between, task

PEOPLE = json.loads(Path(os.environ["TAMKEEN_LOAD_PEOPLE"]).read_text())
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
ATTEMPT_PAGE = re.compile(r"/attempts/(\d+)/(questions/(\d+)|summary)$")
CERTIFICATE = re.compile(r"/certificates/(\d+)/download")
_trainees = iter(PEOPLE["trainees"])
_organizers = iter(PEOPLE["organizers"])


def token(page: str) -> str:
    return html.unescape(TOKEN.search(page).group(1))


def first_answers(page: str) -> list[tuple[str, str]]:
    """The first choice of each control of a question page (tests/http_visitor.py's)."""
    fields, seen = [], set()
    for name, value in re.findall(
        r'<input type="(?:radio|checkbox)" name="(\w+)" [^>]*value="([^"]+)"', page
    ):
        if name not in seen:
            fields.append((name, value))
            seen.add(name)
    if re.search(r'<input type="text"[^>]*name="answer"', page):
        fields.append(("answer", "42"))
    for name, options in re.findall(r'<select name="([\w-]+)"[^>]*>(.*?)</select>', page, re.S):
        fields.append((name, re.findall(r'<option value="([^"]+)"', options)[0]))
    return fields


def failed(response, what: str) -> None:
    """Marks the request failed: by its status, or (status 0: no response) by the error,
    whose time and whole text go to Locust's log (bench/load_test.py keeps it)."""
    if response.status_code:
        response.failure(f"{response.status_code}")
        return
    error = response.error
    print(f"{time.strftime('%H:%M:%S')} {what}: {error!r}", file=sys.stderr, flush=True)
    response.failure(f"0 ({type(error).__name__})")


class Person(HttpUser):
    abstract = True

    def get(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                failed(response, f"GET {path}")
            return response

    def post(self, path: str, fields, name: str):
        with self.client.post(path, data=fields, name=name, catch_response=True) as response:
            if response.status_code != 200:  # redirects followed: the page they led to
                failed(response, f"POST {path}")
            return response

    def sign_in(self, username: str) -> None:
        page = self.get("/sign-in", "sign-in page").text
        fields = {"csrf_token": token(page), "username": username, "password": PEOPLE["password"]}
        response = self.post("/sign-in", fields, "sign in")
        if response.url.endswith("/sign-in/code"):
            code = pyotp.TOTP(PEOPLE["totp_secret"]).now()
            fields = {"csrf_token": token(response.text), "code": code}
            response = self.post("/sign-in/code", fields, "sign in: second step")
        if "/sign-in" in response.url:
            raise RuntimeError(f"{username} could not sign in")


class Trainee(Person):
    fixed_count = len(PEOPLE["trainees"])
    wait_time = between(3, 10)

    def on_start(self) -> None:
        self.username, cohort = next(_trainees)
        self.courses = PEOPLE["courses"][str(cohort)]
        self.sign_in(self.username)

    def course(self) -> dict:
        return random.choice(self.courses)

    @task(4)
    def read(self) -> None:
        course = self.course()
        self.get("/learning", "/learning")
        self.get(f"/courses/{course['id']}", "course page")
        lesson = random.choice(course["lessons"])
        self.get(f"/courses/{course['id']}/lessons/{lesson}", "lesson")

    @task(2)
    def mark_complete(self) -> None:
        course = self.course()
        lesson = random.choice(course["lessons"])
        path = f"/courses/{course['id']}/lessons/{lesson}"
        page = self.get(path, "lesson").text
        if f"{path}/complete" in page:
            self.post(f"{path}/complete", {"csrf_token": token(page)}, "mark complete")

    @task(1)
    def take_quiz(self) -> None:
        course = self.course()
        path = f"/courses/{course['id']}/quizzes/{course['quiz']}"
        page = self.get(path, "quiz page").text
        if f"{path}/start" not in page:
            return
        response = self.post(f"{path}/start", {"csrf_token": token(page)}, "start quiz")
        for _ in range(40):  # a quiz of at most 40 questions
            found = ATTEMPT_PAGE.search(response.url)
            if not found:
                return  # refused (no attempts left) or already reviewed
            attempt, number = found.group(1), found.group(3)
            if number is None:  # the summary: submit
                fields = {"csrf_token": token(response.text)}
                self.post(f"/attempts/{attempt}/submit", fields, "submit quiz")
                return
            fields = [("csrf_token", token(response.text)), ("go", "next")]
            fields += first_answers(response.text)
            response = self.post(f"/attempts/{attempt}/questions/{number}", fields, "answer")

    @task(1)
    def certificate(self) -> None:
        course = self.course()
        path = f"/courses/{course['id']}/certificate"
        page = self.get(path, "certificate page").text
        if not CERTIFICATE.search(page) and 'name="name"' in page:
            fields = {"csrf_token": token(page), "name": self.username}
            page = self.post(path, fields, "claim certificate").text
        found = CERTIFICATE.search(page)
        if found:
            self.get(f"/certificates/{found.group(1)}/download", "certificate PDF")


class Organizer(Person):
    fixed_count = len(PEOPLE["organizers"])
    wait_time = between(5, 15)

    def on_start(self) -> None:
        username, self.cohort = next(_organizers)
        self.sign_in(username)

    @task(3)
    def dashboard(self) -> None:
        self.get(f"/cohorts/{self.cohort}", "dashboard")

    @task(3)
    def participants(self) -> None:
        sort = random.choice(["name", "progress", "activity", "completed", "organization"])
        self.get(f"/cohorts/{self.cohort}/participants?sort={sort}", "participants table")

    @task(2)
    def report(self) -> None:
        page = self.get(f"/cohorts/{self.cohort}", "dashboard").text
        fmt = random.choice(["csv", "xlsx", "pdf"])
        fields = {"csrf_token": token(page), fmt: "1"}
        self.post(f"/cohorts/{self.cohort}/reports/progress", fields, f"report {fmt.upper()}")
