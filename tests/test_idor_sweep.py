"""The IDOR sweep: people who are not entitled ask for every object of the A people.

Trainee A, trainer A and organizer A leave a full footprint: enrolments and lesson
progress, a submitted and an open quiz attempt, a certificate, notices, a published and a
draft course (module, lesson, revision, uploaded image, quiz, question, trainer rows), a
cohort with its participant (who may leave it), course and invitation, and a second cohort
to which trainee A is invited and has not answered. Then anonymous, trainee B, trainer B and
organizer B (each with their own course or cohort) request **every route of the URL map
whose arguments name an object**, with each of A's ids, and with B's own parent id and
A's child id (``/cohorts/<B's>/participants/<A's>``), by every method the route takes.
POSTs carry a valid CSRF token of B's session and the fields of the form A's own page
offers for that route (replayed), so an unguarded route would accept them.

Nothing may succeed: no 2xx, no 3xx except to the sign-in page, no 5xx, and every table
exactly as it was. Argument names are mapped to kinds of object; an unknown name fails
the test, and so does a route with an id argument that no object of A's reaches.
"""

from html.parser import HTMLParser
from io import BytesIO

from PIL import Image

from tamkeen.accounts.models import User
from tamkeen.authoring import images, revisions
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.cohorts import services as cohorts
from tamkeen.cohorts.invitations import create_invitation
from tamkeen.cohorts.membership import invite_people
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db
from tamkeen.learning.models import Course, CourseTrainer, Lesson
from tamkeen.quizzes import services as quizzes
from tamkeen.quizzes.models import Quiz

from .access_policy import snapshot, write_watch
from .conftest import Auth

# What each URL argument names. A new argument name must be added here (or the test
# fails), so that a new kind of object is swept as soon as a route names it.
ARGUMENTS = {
    "course_id": "course",
    "module_id": "module",
    "lesson_id": "lesson",
    "quiz_id": "quiz",
    "question_id": "question",
    "revision_id": "lesson revision",
    "image_id": "uploaded image",
    "row_id": "trainer of a course",
    "attempt_id": "quiz attempt",
    "response_id": "answer in a quiz attempt (an essay to grade)",
    "certificate_id": "certificate",
    "cohort_id": "cohort",
    "invitation_id": "cohort invitation",
    "organization_id": "partner organization (shared; only administrators delete one)",
    "user_id": "person",
    "paper_id": "policy paper",
    "kit_uuid": "workshop kit (its file kept 24 hours)",
    "import_id": "workshop results import (its summary)",
    # Not ids: they go with an id, or hold a secret.
    "number": "question number within an attempt",
    "digest": "the image's digest, which goes with its id",
    "code": "a secret code",
    "token": "a secret token",
    "filename": "a static file",
}
NOT_OBJECTS = {"number", "digest"}

# Routes where holding the URL is the entitlement, or that are public by design.
PUBLIC = {
    "static": "the site's own CSS, JavaScript and fonts",
    "certificates.verify": "anyone holding a certificate's code may verify it (its purpose)",
    "certificates.credential": "what the verify page shows, signed, to whoever has the code",
    "cohorts.join": "the invitation code is the secret that admits to a cohort",
    "cohorts.accept": "the invitation code is the secret that admits to a cohort",
    "cohorts.register_and_join": "the invitation code is the secret that admits to a cohort",
    "accounts.set_password": "the one-time link an organizer hands to a new participant",
    "accounts.first_admin": "the one-time set-up link printed by `flask setup`",
    "papers.paper": "policy papers are published for everyone",
    "papers.download": "policy papers are published for everyone",
}
# Policy papers are one shared library: every trainer and organizer may edit any of them.
SHARED = {"papers.edit": {"trainer-b", "organizer-b"}}
# What a learner does in a *published* course is theirs (enrol, read, take its quizzes,
# claim their own certificate): swept with the draft course's ids only.
LEARNER_ROUTES = {
    "learning.course",
    "learning.lesson",
    "learning.handbook",
    "learning.enrol",
    "learning.complete_lesson",
    "offline.course_addresses",
    "quizzes.quiz",
    "quizzes.start",
    "certificates.mine",
    "certificates.claim",
    "media.image",
}
# POST routes with no argument in the URL that name an object in their form: B replays
# A's request with A's object in it.
FORM_ROUTES = {
    "certificates.revoke": lambda w: {
        "revoke-code": w["certificate_code"],
        "revoke-reason": "swept",
        "revoke-csrf_token": "",
    },
    "certificates.issue": lambda w: {
        "issue-username": "trainee-a",
        "issue-course": w["published"],
        "issue-csrf_token": "",
    },
}
# POST routes with no argument in the URL that act on the signed-in person only, or make
# something new that belongs to them: nothing of A's can be named.
OWN_ONLY = {
    "accounts.account", "accounts.confirm_password", "accounts.erase",
    "accounts.change_password", "accounts.new_recovery_codes", "accounts.two_factor",
    "accounts.two_factor_off", "accounts.choose_language", "accounts.recover",
    "accounts.register", "accounts.sign_in", "accounts.sign_in_code", "accounts.sign_out",
    "authoring.new_course", "authoring.import_package", "cohorts.new",
    "cohorts.organizations", "papers.new", "accounts.mark_notices_seen",
    # No session at all: the body is a results file signed by a kit's own key, refused
    # whole if it names anyone outside that kit (tests/workshops/test_refusals.py).
    "workshop_api.results",
    # An administrator's site-wide setting (the certificates' default logo): no one's object.
    "certificates.default_logo",
    # A backup of the whole site for the administrator who asks, kept for them alone
    # (tests/admin/test_backup_page.py: another administrator gets 404).
    "admin.backups",
}  # fmt: skip
REFUSAL_TARGETS = ("/sign-in",)
B_PEOPLE = ["anonymous", "trainee-b", "trainer-b", "organizer-b"]


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _trainer_footprint(app, make, trainer, course_status: str) -> dict:
    """A course of trainer A's with a revision, an image, a quiz and a question."""
    course = make.course(f"A {course_status}", owner=trainer, status=course_status, lessons=1)
    quiz = make.quiz(course, questions=[{"kind": "true_false", "prompt": "?", "answer": True}])
    with app.test_request_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        author = db.session.get(User, trainer.id)
        revision = revisions.save_lesson(lesson, title="Edited", summary="", body="x", by=author)
        image = images.store_image(db.session.get(Course, course.id), "a.png", clean_image(_png()))
        row = db.session.scalar(db.select(CourseTrainer.id).filter_by(course_id=course.id))
        db.session.commit()
        return {
            "course_id": course.id, "module_id": course.modules[0].id, "lesson_id": lesson.id,
            "quiz_id": quiz.id, "question_id": quiz.questions[0].id, "revision_id": revision.id,
            "image_id": image.id, "digest": image.digest[:16], "row_id": row,
        }  # fmt: skip


def _open_attempt(app, user, quiz_id: int) -> int:
    with app.test_request_context():
        person = db.session.get(User, user.id)
        attempt = quizzes.start_attempt(person, db.session.get(Quiz, quiz_id))
        db.session.commit()
        return attempt.id


def _attempt_ids(app, user) -> list[int]:
    with app.app_context():
        from tamkeen.quizzes.models import Attempt

        return list(db.session.scalars(db.select(Attempt.id).filter_by(user_id=user.id)))


def _response_ids(app, user) -> list[int]:
    with app.app_context():
        from tamkeen.quizzes.models import Attempt, Response

        query = db.select(Response.id).join(Attempt, Attempt.id == Response.attempt_id)
        return list(db.session.scalars(query.where(Attempt.user_id == user.id)))


def build_world(app, make) -> dict:
    people = {
        f"{role}-{side}": make.user(f"{role}-{side}", roles=(role,))
        for side in "ab"
        for role in ("trainee", "trainer", "organizer")
    }
    published = _trainer_footprint(app, make, people["trainer-a"], "published")
    draft = _trainer_footprint(app, make, people["trainer-a"], "draft")
    course = make.get(Course, published["course_id"])
    final = make.quiz(course, final=True, questions=[{"kind": "true_false", "prompt": "?",
                                                     "answer": True}])  # fmt: skip
    trainee = people["trainee-a"]
    make.enrol(trainee, course)
    make.complete(trainee, make.get(Lesson, published["lesson_id"]))
    make.attempt(trainee, make.get(Quiz, published["quiz_id"]))
    _open_attempt(app, trainee, final.id)
    certificate = make.certificate(trainee, course, printed_name="Trainee A")
    organization = make.organization("Organization A")
    cohort = make.cohort(people["organizer-a"], name="Cohort A", participants=[trainee],
                         courses=[course], organization=organization)  # fmt: skip
    with app.app_context():
        invitation, _code = create_invitation(
            db.session.get(Cohort, cohort.id), by=None, max_uses=5, days=7, organization_id=None
        )
        db.session.commit()
        invitation_id = invitation.id
        invited_to = _invited_to_a_second_cohort(people)
        kit_uuid, import_id = _workshop_kit(cohort.id, people["organizer-a"].id)

    own_b = _b_footprint(app, make, people, course)
    cohort_ids = {"cohort_id": cohort.id, "user_id": trainee.id, "course_id": course.id,
                  "certificate_id": certificate.id, "invitation_id": invitation_id}  # fmt: skip
    objects = [
        ({**draft}, False),
        ({**published}, True),
        ({**cohort_ids}, True),
        ({"cohort_id": cohort.id, "user_id": people["organizer-a"].id}, True),
        ({"cohort_id": invited_to, "user_id": trainee.id}, True),
        ({"cohort_id": cohort.id, "kit_uuid": kit_uuid, "import_id": import_id}, True),
        # A queued report's token (none here: no queue); tests/test_jobs.py asks with a real
        # one as another organizer of the same cohort.
        ({"cohort_id": cohort.id, "token": "A" * 32}, True),
        ({"user_id": people["trainer-a"].id}, True),
        ({"certificate_id": certificate.id, "code": certificate.code}, True),
        ({"paper_id": make.paper().id}, True),
        ({"organization_id": organization.id}, True),
        *(({"attempt_id": a, "number": 1}, True) for a in _attempt_ids(app, trainee)),
        *(({"course_id": course.id, "response_id": r}, True) for r in _response_ids(app, trainee)),
        ({"token": "not-a-token", "filename": "css/tamkeen.css"}, True),
    ]
    return {"objects": objects, "own": own_b, "certificate_code": certificate.code,
            "published": published["course_id"]}  # fmt: skip


def _workshop_kit(cohort_id: int, organizer_id: int) -> tuple[str, int]:
    """Organizer A prepares a workshop kit on Cohort A's page (its file kept for download)
    and a laptop's results were imported from it (a journal line with its summary)."""
    from uuid import uuid4

    from tamkeen.workshops import kit_pages
    from tamkeen.workshops.models import WorkshopImport

    kit, _passphrase = kit_pages.prepare_kit(
        db.session.get(Cohort, cohort_id), by=db.session.get(User, organizer_id)
    )
    journal = WorkshopImport(
        kit_id=kit.id,
        device=uuid4(),
        seq=1,
        payload_sha256="0" * 64,
        state="done",
        via="web",
        batches_done=[0],
        summary={"people": 1},
    )
    db.session.add(journal)
    db.session.commit()
    return str(kit.uuid), journal.id


def _invited_to_a_second_cohort(people) -> int:
    """Organizer A invites trainee A to a second cohort; she has not answered yet."""
    organizer = db.session.get(User, people["organizer-a"].id)
    second = cohorts.create_cohort(by=organizer, name="Cohort A2", organization_id=None,
                                   starts_on=None, ends_on=None, signatories=[])  # fmt: skip
    invite_people(second, [db.session.get(User, people["trainee-a"].id)], organization_id=None,
                  by=organizer)  # fmt: skip
    db.session.commit()
    return second.id


def _b_footprint(app, make, people, a_course) -> dict[str, dict]:
    """B's own parents, to pair with A's children: a course, an attempt, a cohort."""
    b_course = make.course("B's course", owner=people["trainer-b"], lessons=1)
    quiz = make.quiz(b_course, questions=[{"kind": "true_false", "prompt": "?", "answer": True}])
    make.enrol(people["trainee-b"], a_course)
    make.enrol(people["trainee-b"], b_course)
    attempt = _open_attempt(app, people["trainee-b"], quiz.id)
    cohort = make.cohort(people["organizer-b"], name="Cohort B",
                         participants=[people["trainee-b"]], courses=[b_course])  # fmt: skip
    return {
        "anonymous": {},
        "trainee-b": {"course_id": b_course.id, "attempt_id": attempt},
        "trainer-b": {"course_id": b_course.id, "module_id": b_course.modules[0].id,
                      "lesson_id": b_course.modules[0].lessons[0].id, "quiz_id": quiz.id},
        "organizer-b": {"cohort_id": cohort.id, "course_id": b_course.id,
                        "user_id": people["trainee-b"].id},
    }  # fmt: skip


def urls_for(rule, world: dict, person: str) -> list[str]:
    """Every URL of ``rule`` naming one of A's objects: A's ids alone, then B's own parent
    with A's child for each argument B has one of."""
    found = []
    for ids, published in world["objects"]:
        if not set(rule.arguments) <= set(ids):
            continue
        if published and rule.endpoint in LEARNER_ROUTES:
            continue
        values = {arg: ids[arg] for arg in rule.arguments}
        variants = [values]
        for arg, own in world["own"][person].items():
            if arg in values and set(values) - {arg} - NOT_OBJECTS:
                variants.append({**values, arg: own})
        found += [rule.build(v)[1] for v in variants]
    return sorted(set(found))


class _Forms(HTMLParser):
    """Each POST form of a page: its action and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict]] = []
        self._fields: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option" and self._select and self._fields is not None:
            if "selected" in a or self._select not in self._fields:
                self._fields[self._select] = a.get("value", "")
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action") or "", self._fields))
        if self._fields is None or not a.get("name"):
            return
        name, kind = a["name"], a.get("type", "text").lower()
        if tag in ("input", "button") and kind not in ("checkbox", "radio", "file"):
            self._fields.setdefault(name, a.get("value") or "")
        elif tag == "input" and kind in ("checkbox", "radio") and "checked" in a:
            self._fields.setdefault(name, a.get("value") or "on")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self._fields.setdefault(name, "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea and self._fields is not None:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


# Where each of the A people finds the forms of their objects (the other pages they may
# open hold no form the sweep needs: the harvest takes a third of the time this way).
OWN_PAGES = {
    "trainee-a": ("/courses/", "/attempts/", "/learning/"),
    "trainer-a": ("/teach/", "/quizzes/"),
    "organizer-a": ("/cohorts/",),
}


def harvest_forms(app, world: dict) -> dict[str, dict]:
    """The fields A's own pages post to each endpoint (the first form found for it)."""
    adapter = app.url_map.bind("localhost")
    found: dict[str, dict] = {}
    for name, where in OWN_PAGES.items():
        client = app.test_client()
        Auth(client).login(name)
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or not rule.rule.startswith(where):
                continue
            for url in urls_for(rule, world, "anonymous"):
                response = client.get(url)
                response.close()
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                parser = _Forms()
                parser.feed(response.get_data(as_text=True))
                for action, fields in parser.forms:
                    try:
                        endpoint, _args = adapter.match(action or url, method="POST")
                    except Exception:  # noqa: BLE001 - a form posting elsewhere
                        continue
                    fields.pop("csrf_token", None)
                    found.setdefault(endpoint, fields)
    return found


def _sign_in(app, person: str):
    client = app.test_client()
    if person != "anonymous":
        Auth(client).login(person)
    return client


def _verdict(method: str, url: str, response, changed: bool) -> str | None:
    status = response.status_code
    location = response.headers.get("Location", "")
    if status >= 500:
        return f"{method} {url}: {status}"
    if 200 <= status < 300:
        return f"{method} {url}: {status}"
    if 300 <= status < 400 and not location.split("?")[0].endswith(REFUSAL_TARGETS):
        return f"{method} {url}: {status} to {location}"
    if changed:
        return f"{method} {url} changed the database"
    return None


def test_no_one_reaches_another_persons_objects(app, make):
    world = build_world(app, make)
    unknown = sorted(
        {arg for r in app.url_map.iter_rules() for arg in r.arguments} - set(ARGUMENTS)
    )
    assert unknown == [], "map these URL arguments to a kind of object in ARGUMENTS"
    unswept = [r.endpoint for r in app.url_map.iter_rules()
               if r.arguments and r.endpoint not in PUBLIC
               and not urls_for(r, world, "anonymous")]  # fmt: skip
    assert unswept == [], "give A an object these routes can name"
    no_args = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods
               and not r.arguments}  # fmt: skip
    assert sorted(no_args - set(FORM_ROUTES) - OWN_ONLY) == [], "FORM_ROUTES or OWN_ONLY?"
    forms = harvest_forms(app, world)
    # A's pages offer the forms of most routes; the others (a form this world does not show,
    # e.g. a second revision to restore) are posted with a bare submit.
    assert {"quizzes.question", "authoring.lesson", "cohorts.remove_participant"} <= set(forms)
    # Answering an invitation, leaving, withdrawing one: replayed by B with A's ids.
    assert {"cohorts.accept_invitation", "cohorts.decline_invitation", "cohorts.leave",
            "cohorts.withdraw_personal_invitation"} <= set(forms)  # fmt: skip
    assert len(forms) >= 35

    failures, requests = [], 0
    for person in B_PEOPLE:
        client = _sign_in(app, person)
        state = snapshot(app)
        with write_watch(app) as seen:
            for rule, method, url, data in _requests(app, world, forms, person):
                seen["write"] = False
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, data=_with_token(data, client.csrf_token()))
                requests += 1
                changed = False
                if seen["write"]:
                    before, state = state, snapshot(app)
                    changed = before != state
                problem = _verdict(method, url, response, changed)
                if problem:
                    failures.append(f"{person} {rule.endpoint} {problem}")
                response.close()
    assert failures == [], "\n".join(failures)
    assert requests > 400


def _with_token(data: dict, token: str) -> dict:
    """B's own CSRF token in every token field (prefixed forms have their own), so that a
    refusal comes from the authorisation check, not from CSRF protection."""
    fields = {name: token if name.endswith("csrf_token") else v for name, v in data.items()}
    return {**fields, "csrf_token": token}


def _requests(app, world, forms, person):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: ("POST" in r.methods, r.rule)):
        if rule.endpoint in PUBLIC or person in SHARED.get(rule.endpoint, ()):
            continue
        if not rule.arguments:
            if rule.endpoint in FORM_ROUTES:
                yield rule, "POST", rule.rule, FORM_ROUTES[rule.endpoint](world)
            continue
        for url in urls_for(rule, world, person):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, url, forms.get(rule.endpoint, {"submit": "1"})
