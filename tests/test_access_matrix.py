"""The authorisation matrix: every route × method × eight roles, against a reviewed policy.

Generated from the URL map, so a new route with no entry in ``access_policy.yaml`` fails
the build. For each person and route:

- a GET answers 2xx if and only if the policy lists the role, never 5xx, leaves every
  table as it was, and carries the security headers (errors and downloads included);
- a POST (with a valid CSRF token, and the fields a browser would send empty) from a role
  the policy does not list is refused (never 2xx, never 5xx) and changes nothing; from a
  role it lists, it is not refused (no 403, not sent to the sign-in page).

A granted page this world cannot show (its URL holds a made-up token, say) must answer
exactly as ``NOT_SHOWN_HERE`` says, for every role the policy lists.

The world is small but real: trainee A's attempt, progress and certificate, trainer A's
course, trainer B's course, a paper. Object ids are A's, so trainee B, trainer B and the
organizer without a cohort are the IDOR sweep of A's objects: organizer A runs a cohort in
which trainee A takes trainer A's course, and to which trainee B is invited (not yet
answered); organizer B runs none.
"""

import pytest

from .access_policy import (
    POLICY_FILE,
    ROLES,
    USERS,
    build_world,
    changed_tables,
    header_problems,
    load_policy,
    routes,
    snapshot,
    write_watch,
)
from .conftest import Auth

# GET routes that write on purpose, and where: a paper's anonymous daily download count.
GET_WRITES = {
    "papers.download": {"paper_downloads"},
    "accounts.quick_exit": {"users"},  # a signed-in person's sessions end, as on signing out
}
# Granted, but not shown in this world, and what each answers instead: (status, Location).
NOT_SHOWN_HERE = {
    ("accounts.first_admin", "GET"): (404, None),  # the world's token is no set-up link
    ("accounts.set_password", "GET"): (404, None),  # nor an account's one-time link
    ("accounts.sign_in_code", "GET"): (302, "/sign-in"),  # no password given before it
    ("accounts.sign_in_code", "POST"): (302, "/sign-in"),
    ("authoring.new_module_quiz", "GET"): (302, "/teach/quizzes/1"),  # the module has one
    ("authoring.new_question", "GET"): (404, None),  # no ?kind= in the URL
    ("cohorts.join", "GET"): (404, None),  # the world's code is no invitation's
    ("media.image", "GET"): (404, None),  # the world's digest is not the image's
    ("workshops.download_kit", "GET"): (404, None),  # the world's kit is made up
    ("workshops.workshop_import", "GET"): (404, None),  # and no results were imported
    ("reports.progress_result", "GET"): (404, None),  # no queue here, and no such report
    ("admin.backup_result", "GET"): (404, None),  # no such backup
    ("quizzes.question", "GET"): (302, "/attempts/1"),  # the attempt is submitted: its result
    ("quizzes.summary", "GET"): (302, "/attempts/1"),
    # Not a page: it signs out and leaves for the neutral site.
    ("accounts.quick_exit", "GET"): (303, "https://www.google.com/"),
}


def visit(app, role: str, world: dict):
    client = app.test_client()
    if role != "anonymous":
        Auth(client).login(USERS[role][0])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_policy_says(app, client, make, role):
    policy = load_policy()
    world = build_world(app, make, client)
    all_routes = routes(app, world)
    unlisted = sorted({f"{e} {m}" for e, m, _u in all_routes if m not in policy.get(e, {})})
    assert unlisted == [], f"routes with no policy entry (add them to {POLICY_FILE.name})"
    stale = sorted(set(policy) - {endpoint for endpoint, _m, _u in all_routes})
    assert stale == [], "policy entries for routes that no longer exist"
    assert set(NOT_SHOWN_HERE) <= {(e, m) for e, m, _u in all_routes}, "stale NOT_SHOWN_HERE"
    assert all(set(roles) <= set(ROLES) for entry in policy.values() for roles in entry.values())
    person = visit(app, role, world)
    failures = []
    state = snapshot(app)
    with write_watch(app) as seen:
        for endpoint, method, url in all_routes:
            token = person.csrf_token() if method == "POST" else None
            seen["write"] = False
            if method == "GET":
                response = person.get(url)
            else:
                response = person.post(url, data={"csrf_token": token, "submit": "1"})
            status = response.status_code
            response.close()
            changed = set()
            if seen["write"]:
                before, state = state, snapshot(app)
                changed = changed_tables(before, state) - GET_WRITES.get(endpoint, set())
            failures += judge(role, policy[endpoint][method], method, url, response,
                              status, changed)  # fmt: skip
            if role in policy[endpoint][method]:
                failures += granted(endpoint, method, url, response)
    assert not failures, "\n".join(failures)


def judge(role, allowed_roles, method, url, response, status, changed) -> list[str]:
    """What is wrong with one answer: an error, a page the role may not have, a change."""
    failures = []
    allowed = role in allowed_roles
    if status >= 500:
        failures.append(f"{method} {url}: {status}")
    if 200 <= status < 300 and not allowed:
        failures.append(f"{method} {url}: {status} but the policy says no")
    if (method == "GET" or not allowed) and changed:
        failures.append(f"{method} {url} changed {sorted(changed)}")
    problems = header_problems(response, signed_in=role != "anonymous")
    if problems:
        failures.append(f"{method} {url}: headers {problems}")
    return failures


def granted(endpoint: str, method: str, url: str, response) -> list[str]:
    """What is wrong with the answer to a role the policy lists: a GET that is not a page,
    a POST refused (a form with errors, a redirect or a 404 for a deleted object are not)."""
    status, location = response.status_code, response.headers.get("Location")
    answer = f"{status} to {location}" if location else str(status)
    if (endpoint, method) in NOT_SHOWN_HERE:
        expected = NOT_SHOWN_HERE[endpoint, method]
        return (
            [] if (status, location) == expected else [f"{method} {url}: {answer}, not {expected}"]
        )
    if method == "GET" and not 200 <= status < 300:
        return [f"{method} {url}: {answer} but the policy says yes"]
    if method == "POST" and (status == 403 or "/sign-in" in (location or "")):
        return [f"{method} {url}: refused ({answer}) but the policy says yes"]
    return []
