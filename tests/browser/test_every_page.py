"""Every page, audited: the pages come from the access policy, not from a hand-made list.

Every GET route of ``access_policy.yaml`` that answers a page (200, HTML) to some role is
opened by one person who may see it, its URL filled from the access matrix's world (one
object of each kind). On each page: axe-core (WCAG 2.0/2.1 A and AA, nothing serious or
critical), then reflow (WCAG 1.4.10, 1.4.4): at 320 CSS pixels wide, and at 640 pixels
with the text at twice its size, nothing but a data table's own region scrolls sideways.
Pages alternate: Arabic every other page, French and Tamazight between, in the order of
the routes. The page for an unknown address (404) is audited too.

A route added to the policy is audited from then on; one left out must be named below
with its reason (``NOT_PAGES``, ``NOT_IN_THIS_WORLD``), and the test fails on a page it
cannot open or a name that no longer fits.
"""

import json

import pytest
from sqlalchemy import select

from tamkeen.accounts import services as accounts
from tamkeen.accounts.models import User
from tamkeen.cohorts.invitations import create_invitation
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db
from tamkeen.learning.models import Course

from ..access_policy import USERS, build_world, load_policy, routes
from ..conftest import Auth
from ..factories import PASSWORD, totp_code
from ..quizzes.helpers import start
from .conftest import AXE, AXE_TAGS, FAILURE_PICTURES
from .reflow import OVERFLOWING

# GET routes that answer something other than a page: nothing for axe or reflow to read.
NOT_PAGES = {
    "static": "the stylesheet, scripts, fonts and pictures",
    "offline.manifest": "the web app manifest (JSON)",
    "offline.service_worker": "a script",
    "offline.course_addresses": "the list of addresses to save offline (JSON)",
    "health.healthz": "yes or no per shared service (JSON)",
    "accounts.export_json": "a download (JSON)",
    "accounts.export_html": "a download: one file, styled inline, to keep",
    "accounts.quick_exit": "no page: signs out and leaves for a neutral site",
    "authoring.export": "a download (a course package)",
    "quizzes.export_gift": "a download (GIFT text)",
    "certificates.download": "a PDF",
    "certificates.credential": "a download: the signed Open Badges credential (JSON-LD)",
    "certificates.issuer_profile": "the issuer profile with the public key (JSON-LD)",
    "certificates.status_list": "the signed revocation status list (JSON-LD)",
    "interop.download_cartridge": "a download (an IMS Common Cartridge)",
    "learning.handbook": "a PDF",
    "learning.facilitator_guide": "a PDF",
    "papers.download": "a PDF",
    "media.image": "an image",
    "workshops.download_kit": "a download (a workshop kit)",
}
# Pages the access matrix's world cannot show, and why.
NOT_IN_THIS_WORLD = {
    "accounts.first_admin": "the world has an administrator: the set-up link is refused",
    "authoring.new_module_quiz": "the world's one module has its quiz (the form is the "
    "final quiz's, audited)",
    "reports.progress_result": "a queued report's page: no queue runs here",
    "admin.backup_result": "a backup's page: the world makes no backup (the same progress and "
    "ready pages as a queued report, tests/browser/test_jobs_page.py)",
    "workshops.workshop_import": "no workshop's results were imported",
}
# Who opens a page several roles may see: the first of these the policy lists. Trainee A
# owns the world's attempt and certificate; trainer A, organizer A the course and cohort.
OPENED_BY = ["trainee", "trainer", "organizer", "admin", "other_trainee", "anonymous"]
# Arabic on every other page; between them French and Tamazight (both left to right).
LANGUAGES = ["ar", "fr", "ar", "zgh"]
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 640, "height": 800}


@pytest.fixture
def world(app, make, client):
    """The access matrix's world, and what it lacks for a few pages: an open attempt (the
    question and summary pages), an invitation's code, an account's one-time link."""
    world = build_world(app, make, client)
    # Trainee A's open attempt is at a timed quiz of trainer B's course: trainer A's course
    # must keep its module quiz only, or its final quiz's form would not be shown.
    with app.app_context():
        other = db.session.scalar(select(Course).where(Course.id != world["course_id"]))
        db.session.expunge(other)
    trainee = make.get(User, world["user_id"])
    make.enrol(trainee, other)
    final = make.quiz(other, final=True, time_limit_minutes=20)
    auth = Auth(client)
    auth.login("trainee-a")
    world["open_attempt"], _ = start(client, final)
    auth.logout()
    # Extra time given to trainee A in both courses: the grants' tables are shown, and her
    # quiz pages say that her limit includes it.
    for trainer, course_id in (("trainer-a", world["course_id"]), ("trainer-b", other.id)):
        auth.login(trainer)
        response = client.post_form(
            f"/courses/{course_id}/extra-time", {"username": "trainee-a", "percent": "50"}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        auth.logout()
    with app.test_request_context():
        cohort = db.session.get(Cohort, world["cohort_id"])
        _invitation, world["join_code"] = create_invitation(
            cohort, by=None, max_uses=5, days=7, organization_id=None
        )
        newcomer = accounts.create_account_for("newcomer", None)
        db.session.flush()
        world["welcome"] = accounts.create_password_link(newcomer)
        db.session.commit()
    world["questions"] = len(final.questions)
    return world


def pages(app, world: dict) -> dict[str, list[str]]:
    """The pages each person opens, in the order of the routes."""
    policy = load_policy()
    extra = {
        "quizzes.question": [
            f"/attempts/{world['open_attempt']}/questions/{n}"
            for n in range(1, world["questions"] + 1)
        ],
        "quizzes.summary": [f"/attempts/{world['open_attempt']}/summary"],
        "cohorts.join": [f"/join/{world['join_code']}"],
        "accounts.set_password": [f"/welcome/{world['welcome']}"],
        "authoring.new_question": None,  # filled below: the route's URL with ?kind=matching
    }
    left_out = set(NOT_PAGES) | set(NOT_IN_THIS_WORLD)
    by_role: dict[str, list[str]] = {}
    seen = set()
    for endpoint, method, url in routes(app, world):
        if method != "GET" or endpoint in seen:
            continue
        seen.add(endpoint)
        if endpoint in left_out or endpoint == "accounts.sign_in_code":
            continue  # the code's page is opened while the trainer signs in
        role = next(r for r in OPENED_BY if r in policy[endpoint]["GET"])
        urls = extra.get(endpoint) or [url]
        if endpoint == "authoring.new_question":
            urls = [url + "?kind=matching"]
        by_role.setdefault(role, []).extend(urls)
    stale = left_out - seen
    assert not stale, f"left out, but no such GET route: {sorted(stale)}"
    assert set(extra) <= seen, "URLs given for routes that no longer exist"
    return by_role


class Checks:
    """One browser context per person: opens pages, audits and measures them."""

    def __init__(self, chromium, base_url: str):
        self.chromium, self.base_url = chromium, base_url
        self.problems: list[str] = []
        self.foreign: list[str] = []
        self.count = 0

    def person(self):
        context = self.chromium.new_context(base_url=self.base_url, viewport=NARROW)
        context.add_init_script(path=AXE)
        # Watched, not routed: routing would turn the browser's cache off, and every page
        # would fetch the stylesheet and scripts again.
        context.on("request", self._only_local)
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: error {error}"))
        return page

    def _only_local(self, request):
        if not request.url.startswith((self.base_url + "/", "data:")):
            self.foreign.append(request.url)

    def open(self, page, url: str, status: int = 200) -> None:
        language = LANGUAGES[self.count % len(LANGUAGES)]
        self.count += 1
        page.set_extra_http_headers({"Accept-Language": language})
        page.set_viewport_size(NARROW)
        try:
            response = page.goto(url)
        except Exception as error:  # noqa: BLE001  (a download: say which route)
            self.problems.append(f"{url}: not a page ({error}); list it in NOT_PAGES")
            return
        where = f"{url} ({language})"
        kind = response.headers.get("content-type", "")
        if response.status != status or not kind.startswith("text/html"):
            self.problems.append(f"{where}: {response.status} {kind}, not a page")
            return
        if response.request.redirected_from is not None:
            self.problems.append(f"{where}: redirected to {page.url}")
            return
        if self.language(page) != language:
            self.problems.append(f"{where}: in {self.language(page)!r}")
        self.check(page, where)

    def check(self, page, where: str) -> None:
        self._reflow(page, f"{where} at 320 px")
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']}))"
            ".violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')"
            ".map((v) => ({id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target)}))",
            AXE_TAGS,
        )
        if violations:
            self.problems.append(f"{where}: axe-core {json.dumps(violations)}")
            self.picture(page)
        page.set_viewport_size(WIDE)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        self._reflow(page, f"{where} at 200 % text")

    def _reflow(self, page, where: str) -> None:
        measured = page.evaluate(OVERFLOWING)
        if measured["scroll"] > measured["width"]:
            self.problems.append(f"{where}: scrolls sideways {json.dumps(measured)}")
            self.picture(page)

    def sign_in(self, page, app, username: str, *, check_code_page: bool = False) -> None:
        page.goto("/sign-in")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("main [type=submit]")
        if page.url.endswith("/sign-in/code"):
            if check_code_page:
                self.count += 1
                self.check(page, f"/sign-in/code ({self.language(page)})")
                page.set_viewport_size(NARROW)
            page.fill("#code", totp_code(app, username))
            with page.expect_navigation():
                page.click("main [type=submit]")
        assert not page.url.endswith(("/sign-in", "/sign-in/code")), f"{username} not signed in"

    def picture(self, page) -> None:
        """A failing page as it looked, in ``.cache/browser-failures/`` (CI keeps it)."""
        FAILURE_PICTURES.mkdir(parents=True, exist_ok=True)
        name = "every-page-" + "".join(
            c if c.isalnum() else "_" for c in page.url[len(self.base_url) :]
        )
        page.screenshot(path=FAILURE_PICTURES / f"{name}-{len(self.problems)}.png", full_page=True)

    @staticmethod
    def language(page) -> str:
        return page.evaluate("document.documentElement.lang")


def test_every_page_passes_axe_and_reflows_at_320px_and_200_percent_text(
    app, chromium, live_server, world
):
    by_role = pages(app, world)
    assert set(by_role) == set(OPENED_BY), "each person opens some page"
    checks = Checks(chromium, live_server)
    audited = []
    for role in OPENED_BY:
        page = checks.person()
        if role != "anonymous":
            checks.sign_in(page, app, USERS[role][0], check_code_page=role == "trainer")
        for url in by_role.get(role, []):
            checks.open(page, url)
            audited.append(url)
        if role == "anonymous":  # no route's page, but one people meet
            checks.open(page, "/no-such-page", status=404)
            audited.append("/no-such-page")
        page.context.close()
    assert checks.foreign == [], f"requests left the local server: {checks.foreign}"
    assert not checks.problems, f"{len(checks.problems)} of {len(audited)} pages:\n" + "\n".join(
        checks.problems
    )
