"""Hypothesis-driven fuzzing of every POST route, with a valid CSRF token.

Each example posts, to every POST route of the URL map, a form of random fields: the
names forms use, and fields nobody should be able to set (``role``, ``is_admin``,
``score``, ``user_id``...), with random text, numbers and ids. For a trainee and for
anonymous visitors: never a server error; a route the policy refuses them changes no
table; and whatever they post, nobody's roles change and an attempt's score changes only
by grading (the submitted one keeps its score).
"""

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.extensions import db
from tamkeen.quizzes.models import Attempt

from .access_policy import (
    USERS,
    build_world,
    changed_tables,
    load_policy,
    routes,
    snapshot,
)
from .conftest import Auth

FIELD_NAMES = [
    "username",
    "password",
    "confirm",
    "current_password",
    "display_name",
    "email",
    "locale",
    "code",
    "secret",
    "next",
    "title",
    "summary",
    "body",
    "answer",
    "go",
    "language",
    "printed_name",
    "up_to",
    "revoke-confirmed",
    "person-username",
    "q",
    "kind",
    "roles",
    "submit",
    # Fields no form has, that an attacker would try.
    "role",
    "roles",
    "is_admin",
    "admin",
    "organizer",
    "trainer",
    "score",
    "percent",
    "is_passed",
    "user_id",
    "course_id",
    "owner",
    "is_owner",
    "is_disabled",
    "status",
]
VALUES = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.sampled_from(["1", "y", "true", "admin", "", "0", "-1", "../../etc/passwd", "%00"]),
)
FORMS = st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=6)


def roles_and_scores(app) -> tuple:
    with app.app_context():
        roles = sorted(db.session.execute(select(db.metadata.tables["user_roles"])).all())
        scores = sorted(db.session.execute(select(Attempt.id, Attempt.score)).all())
        return [(r.user_id, r.role) for r in roles], scores


@pytest.mark.parametrize("role", ["anonymous", "trainee"])
@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the draws are printed as they are
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_forms_on_every_post_route_break_nothing(app, client, make, role, data):
    if not hasattr(app, "fuzz_world"):  # built once: the examples share it
        app.fuzz_world = build_world(app, make, client)
        app.fuzz_before = roles_and_scores(app)
    policy = load_policy()
    person = app.test_client()
    if role != "anonymous":
        Auth(person).login(USERS[role][0])
    posts = [(e, u) for e, m, u in routes(app, app.fuzz_world) if m == "POST"]
    failures = []
    for endpoint, url in posts:
        if endpoint in ("accounts.sign_out", "accounts.erase", "accounts.two_factor_off"):
            continue  # they end the visit; tested in tests/accounts
        form = data.draw(FORMS, label=endpoint)
        before = snapshot(app)
        response = person.post(url, data={**form, "csrf_token": person.csrf_token()})
        response.close()
        if response.status_code >= 500:
            failures.append(f"{url} {form}: {response.status_code}")
        changed = changed_tables(before, snapshot(app))
        if role not in policy[endpoint]["POST"] and changed:
            failures.append(f"{url} {form} changed {sorted(changed)}")
    assert not failures, "\n".join(failures)
    roles, scores = roles_and_scores(app)
    assert roles == app.fuzz_before[0]
    earlier, now = dict(app.fuzz_before[1]), dict(scores)
    assert {attempt_id: now.get(attempt_id) for attempt_id in earlier} == earlier


def test_fields_no_form_has_grant_nothing(app, client, make):
    extra = {"role": "admin", "roles": "admin", "is_admin": "1", "admin": "y", "trainer": "y"}
    password = "a long enough passphrase"
    client.post_form(
        "/register", {"username": "amal", "password": password, **extra, "confirm": password}
    )
    client.post_form("/account", {"display_name": "Amal", "locale": "", **extra})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "amal"))
        assert user.roles == {"trainee"} and user.display_name == "Amal"
