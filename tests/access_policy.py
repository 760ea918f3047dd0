"""The access matrix's world, shared by the tests that walk every route.

The reviewed policy (``access_policy.yaml``), the eight people who visit, the small but real
world whose ids fill the URLs (see ``test_access_matrix.py`` for who owns what), the routes
in the order they are visited, and the checks each answer goes through: tables unchanged
(``snapshot``, ``write_watch``) and security headers present (``header_problems``).
"""

import re
from contextlib import contextmanager
from pathlib import Path

import yaml
from sqlalchemy import event, text

from tamkeen.certificates.openbadges.keys import generate_key, key_path
from tamkeen.cohorts.invitations import create_invitation
from tamkeen.cohorts.membership import invite_people
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db

from .conftest import Auth
from .quizzes.helpers import right_form, take

POLICY_FILE = Path(__file__).parent / "access_policy.yaml"
ROLES = [
    "anonymous",
    "trainee",
    "other_trainee",
    "trainer",
    "other_trainer",
    "organizer",
    "other_organizer",
    "admin",
]
USERS = {
    "trainee": ("trainee-a", ("trainee",)),
    "other_trainee": ("trainee-b", ("trainee",)),
    "trainer": ("trainer-a", ("trainer",)),
    "other_trainer": ("trainer-b", ("trainer",)),
    "organizer": ("organizer-a", ("organizer",)),
    "other_organizer": ("organizer-b", ("organizer",)),
    "admin": ("admin", ("admin",)),
}


def load_policy() -> dict[str, dict[str, list[str]]]:
    policy = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    policy.pop("_groups")
    return policy


def build_world(app, make, client) -> dict:
    people = {role: make.user(name, roles=roles) for role, (name, roles) in USERS.items()}
    course = make.course(owner=people["trainer"], modules=1, lessons=2)
    make.course("Other course", owner=people["other_trainer"], modules=1, lessons=1)
    quiz = make.quiz(course)
    make.guide(course, "# Facilitator guide\n\n## Session 1\n")
    for role in ("trainee", "other_trainee"):
        make.enrol(people[role], course)
    make.complete(people["trainee"], course.modules[0].lessons[0])
    auth = Auth(client)
    auth.login("trainee-a")
    attempt_id = take(client, quiz, right_form)
    auth.logout()
    certificate = make.certificate(people["trainee"], course, printed_name="Trainee A")
    with app.app_context():  # the key that signs the certificates' credentials
        generate_key(key_path())
    paper = make.paper()
    organization = make.organization()
    cohort = make.cohort(
        people["organizer"], participants=[people["trainee"]], courses=[course],
        organization=organization,
    )  # fmt: skip
    with app.app_context():
        trainer_row = db.session.execute(text("SELECT min(id) FROM course_trainers")).scalar()
        question_id = db.session.execute(text("SELECT min(id) FROM questions")).scalar()
        response_id = db.session.execute(text("SELECT min(id) FROM responses")).scalar()
        invitation, _code = create_invitation(
            db.session.get(Cohort, cohort.id), by=None, max_uses=5, days=7, organization_id=None
        )
        invitation_id = invitation.id
        invite_people(
            db.session.get(Cohort, cohort.id),
            [db.session.merge(people["other_trainee"])],
            organization_id=None,
            by=None,
        )
        db.session.commit()
    return {
        "course_id": course.id,
        "module_id": course.modules[0].id,
        "lesson_id": course.modules[0].lessons[0].id,
        "quiz_id": quiz.id,
        "question_id": question_id,
        "cohort_id": cohort.id,
        "organization_id": organization.id,
        "invitation_id": invitation_id,
        "attempt_id": attempt_id,
        "response_id": response_id,
        "number": 1,
        "certificate_id": certificate.id,
        "code": certificate.code,
        "paper_id": paper.id,
        "user_id": people["trainee"].id,
        "row_id": trainer_row,
        "revision_id": 1,
        "image_id": 1,
        "kit_uuid": "00000000-0000-4000-8000-000000000016",
        "import_id": 1,
        "digest": "0" * 16,
        "token": "not-a-token",
        "filename": "css/tamkeen.css",
    }


def _order(route: tuple[str, str, str]) -> tuple:
    """GETs first; then POSTs; those that end the visit (deleting what later routes use,
    turning two-step sign-in off, signing out, the quick exit) last, in that order."""
    endpoint, method, _url = route
    deletes = "delete" in endpoint or "remove" in endpoint
    last = ENDS_THE_VISIT.index(endpoint) + 1 if endpoint in ENDS_THE_VISIT else 0
    return (last, method != "GET", deletes, endpoint)


ENDS_THE_VISIT = [
    "accounts.two_factor_off",
    "accounts.erase",
    "accounts.sign_out",
    "accounts.quick_exit",
]


def routes(app, world: dict) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        url = rule.build({arg: world[arg] for arg in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return sorted(found, key=_order)


def snapshot(app) -> dict[str, list]:
    with app.app_context():
        return {
            table.name: sorted(map(repr, db.session.execute(table.select()).all()))
            for table in db.metadata.sorted_tables
        }


def changed_tables(before: dict, after: dict) -> set[str]:
    return {name for name in before if before[name] != after[name]}


WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|WITH)\b", re.I)


@contextmanager
def write_watch(app):
    """Notes whether any statement that may write ran. A request that ran none cannot have
    changed a table, so the whole database is compared only after one that did (cascades
    included, since the comparison covers every table)."""
    seen = {"write": False}

    def record(_conn, _cursor, statement, *_args):
        if WRITE.match(statement):
            seen["write"] = True

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def header_problems(response, signed_in: bool) -> list[str]:
    headers = response.headers
    policy = {
        part.split()[0]: part.strip()
        for part in headers.get("Content-Security-Policy", "").split(";")
        if part.strip()
    }
    problems = [
        name
        for name, value in [
            ("default-src", None),
            ("object-src", "object-src 'none'"),
            ("base-uri", "base-uri 'none'"),
            ("frame-ancestors", "frame-ancestors 'none'"),
        ]
        if name not in policy or (value and policy[name] != value)
    ]
    if "unsafe-inline" in policy.get("script-src", "") or "unsafe-eval" in str(policy):
        problems.append("script-src")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    problems += [name for name, value in expected.items() if headers.get(name) != value]
    if "Permissions-Policy" not in headers:
        problems.append("Permissions-Policy")
    if signed_in and not response.cache_control.public and not response.cache_control.no_store:
        problems.append("Cache-Control: no-store")
    return problems
