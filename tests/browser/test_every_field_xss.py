"""Every free-text field, with every corpus payload in it, is inert for every role that sees it.

The free-text columns come from the SQLAlchemy metadata: each String, Text or JSON column
is either seeded with the payloads by ``world`` below, covered by another XSS test (named),
or not free text (a reason each). A new column that is none of these fails the build.

One dataset for the module: a payload in each field, spread over many objects where a
field holds one value (186 participants named by the payloads, 186 organizations, cohorts,
courses, certificates, signature lines; a quiz whose typed answers are the payloads). Then
each role opens, in Chromium with the Content Security Policy bypassed (the HTML itself
must be inert), the pages that show those fields. Pages already audited by axe-core
elsewhere are not audited again here. The spreadsheets' cells and the PDF report's text
are checked too.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import JSON, String, Text, select
from werkzeug.datastructures import MultiDict

from tamkeen.accounts.models import Notice, User, UserRole
from tamkeen.certificates.codes import new_code
from tamkeen.certificates.models import Certificate, CertificateSignatory
from tamkeen.cohorts.models import (
    Cohort,
    CohortCourse,
    CohortOrganizer,
    CohortParticipant,
    CohortSignatory,
    Organization,
    PersonalInvitation,
)
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course, Lesson, Module
from tamkeen.quizzes import services as quizzes
from tamkeen.quizzes.bank import write_questions
from tamkeen.quizzes.models import Quiz

from ..conftest import PASSWORD, Auth, fresh_app
from ..factories import Factory, read_specs
from ..inert import active_content
from ..pdftools import pdf_text
from ..xss_corpus import PAYLOADS
from .conftest import serving
from .helpers import WATCH

N = len(PAYLOADS)
COHORT_COURSES = 6  # the courses of the cohort everyone is in (its table's columns)

# Free text seeded with the payloads by ``world``: each must hold at least 100 of them.
SEEDED = {
    "users.display_name", "organizations.name", "cohorts.name", "notices.details",
    "cohort_signatories.name", "cohort_signatories.title", "certificate_signatories.name",
    "certificate_signatories.title", "certificates.course_title", "certificates.issuer",
    "certificates.signatories", "certificates.printed_name", "certificates.revoke_reason",
    "courses.title", "courses.summary", "modules.title", "modules.summary", "lessons.title",
    "lessons.summary", "lessons.body", "lessons.review_note", "questions.prompt",
    "responses.answer", "courses.outcomes", "certificates.outcomes", "organizations.names",
}  # fmt: skip
_CONTENT = "tests/browser/test_trainer_content_xss.py"
# Free text that another test fills with every payload, on the pages that show it.
ELSEWHERE = {
    "policy_papers.title": f"{_CONTENT}: library and paper pages",
    "policy_papers.summary": f"{_CONTENT}: library and paper pages",
    "policy_papers.body": f"{_CONTENT}: the paper page",
    "policy_papers.authors": f"{_CONTENT}: a paper by every payload",
    "quizzes.title": f"{_CONTENT}: course, quiz, workspace and statistics pages",
    "questions.name": f"{_CONTENT}: every kind of question, taken, reviewed, edited",
    "questions.data": f"{_CONTENT}: choices, pairs, items, answers and their feedback",
    "questions.feedback": f"{_CONTENT}: the general feedback in the review",
    "lesson_revisions.title": f"{_CONTENT}: the lesson history pages",
    "lesson_revisions.summary": f"{_CONTENT}: the lesson history pages",
    "lesson_revisions.body": f"{_CONTENT}: the lesson history pages",
    "responses.grader_feedback": "tests/quizzes/test_essays.py: a trainer's feedback of every"
    " payload, on the trainee's review",
    "facilitator_guides.source": "tests/learning/test_facilitator_guide_pdf.py: printed only,"
    " a guide of every payload",
}
_SLUG = "a slug: the form and the package reader accept [a-z0-9-] only"
_CODE = "a code from a fixed list, never typed as text"
_SECRET = "a hash, token or secret the app makes; never shown"
NOT_FREE_TEXT = {
    "users.username": "letters, digits, . - _ only: every payload refused (tested below)",
    "users.password_hash": _SECRET, "users.session_token": _SECRET, "users.totp_secret": _SECRET,
    "users.locale": _CODE, "courses.slug": _SLUG, "courses.language": _CODE,
    "courses.translation_group": _SLUG, "courses.status": _CODE, "modules.slug": _SLUG,
    "lessons.slug": _SLUG, "policy_papers.slug": _SLUG, "policy_papers.translation_group": _SLUG,
    "policy_papers.language": _CODE, "policy_papers.topic": _CODE,
    "policy_papers.file_name": "made by the app from the slug",
    "site_settings.key": "the app's own setting names",
    "site_settings.value": "the app's own values (the set-up token's digest)",
    "audit_events.action": _CODE, "audit_events.target_type": _CODE, "notices.kind": _CODE,
    "certificates.code": _SECRET, "certificates.language": _CODE,
    "course_images.name": "upload_name() keeps [a-z0-9-] and the extension",
    "course_images.content_type": "image/png or image/jpeg, from the re-encoded file",
    "course_images.digest": _SECRET, "course_images.data": "pixels, re-encoded",
    "password_links.digest": _SECRET, "recovery_codes.digest": _SECRET,
    "cohort_invitations.digest": _SECRET, "user_roles.role": _CODE,
    "quizzes.feedback": _CODE, "quizzes.counts": _CODE, "questions.kind": _CODE,
    "attempts.question_order": "question ids", "answer_picks.key": "a choice's id or 'other'",
    "organizations.logo": "the stored file's name, made of its content's hash",
    "recovery_codes.salt": _SECRET, "tombstones.key": "UUIDs the app makes",
    "tombstones.kind": _CODE, "workshop_kit_members.role": _CODE, "workshop_kits.status": _CODE,
    "workshop_kits.public_key": _SECRET, "workshop_kits.schema": "a migration revision id",
    "workshop_imports.state": _CODE, "workshop_imports.via": _CODE,
    "workshop_imports.payload_sha256": _SECRET, "workshop_imports.batches_done": "numbers",
    "workshop_imports.summary": "counts and ids; shown only through its translated words",
    "workshop_accounts.renamed_from": "a username: the merge refuses one the form would"
    " (tests/workshops/test_refusals.py)",
}  # fmt: skip


def _text_columns(app) -> set[str]:
    with app.app_context():
        return {
            f"{table.name}.{column.name}"
            for table in db.metadata.sorted_tables
            for column in table.columns
            if isinstance(column.type, String | Text | JSON) or column.name == "data"
        }


# -- one dataset for the module ----------------------------------------------------------


@pytest.fixture(scope="module")
def app(database_url, tmp_path_factory):
    """The app for this module: its tables are filled once and emptied at the end."""
    with fresh_app(database_url, tmp_path_factory.mktemp("xss")) as app:
        yield app


@pytest.fixture(scope="module")
def live_server(app):
    with serving(app) as base_url:
        yield base_url


def _seed_people(make: Factory) -> dict:
    """The staff, the trainee who owns the certificates, answers and notices, and one
    participant per payload, each named by it."""
    staff = {name: make.user(name, roles=roles) for name, roles in
             [("owner", ("trainer",)), ("org", ("organizer",)), ("root", ("admin",))]}  # fmt: skip
    amal = make.user("amal", display_name=PAYLOADS[0][:80])
    with make.app.app_context():
        # As register_user makes them, with one password hash for all (nobody signs in).
        hashed = db.session.get(User, amal.id).password_hash
        people = [
            User(username=f"p{n}", display_name=p[:80].strip(), password_hash=hashed,
                 role_rows=[UserRole(role="trainee")])
            for n, p in enumerate(PAYLOADS)
        ]  # fmt: skip
        db.session.add_all(people)
        db.session.commit()
        ids = [person.id for person in people]
    return {**{name: user.id for name, user in staff.items()}, "amal": amal.id, "people": ids}


def _seed_courses(owner_id: int) -> list[int]:
    """A published course per payload: its title, summary, module, lesson (review note too)
    and one signature line."""
    ids = []
    for number, payload in enumerate(PAYLOADS):
        course = Course(slug=f"x{number}", language="ar" if number % 2 else "fr",
                        title=payload[:200], summary=payload, status="published",
                        outcomes=[payload, PAYLOADS[number - 1]])  # fmt: skip
        module = Module(slug="m", position=1, title=payload[:200], summary=payload)
        lesson = Lesson(course=course, slug="l", position=1, title=payload[:200],
                        summary=payload, body=payload, review_note=payload)  # fmt: skip
        module.lessons.append(lesson)
        course.modules.append(module)
        db.session.add(course)
        db.session.flush()
        db.session.add(CertificateSignatory(course_id=course.id, position=1, name=payload[:120],
                                            title=PAYLOADS[number - 1][:120]))  # fmt: skip
        ids.append(course.id)
    from tamkeen.learning.models import CourseTrainer

    db.session.add_all(CourseTrainer(course_id=i, user_id=owner_id, is_owner=True) for i in ids)
    return ids


def _seed_cohorts(ids: dict, course_ids: list[int]) -> list[int]:
    """An organization and a cohort per payload; everyone is in the first cohort, each in
    their organization, and that cohort's signature lines are the payloads."""
    organizations = [
        Organization(name=p[:200], names={"ar": p[:200], "fr": p[:200], "en": p[:200]})
        for p in PAYLOADS
    ]
    cohorts = [
        Cohort(name=p[:200], organization=o) for p, o in zip(PAYLOADS, organizations, strict=True)
    ]
    db.session.add_all(organizations + cohorts)
    db.session.flush()
    db.session.add_all(CohortOrganizer(cohort_id=c.id, user_id=ids["org"]) for c in cohorts)
    first = cohorts[0].id
    members = [*zip(ids["people"], organizations, strict=True), (ids["amal"], organizations[1])]
    db.session.add_all(
        CohortParticipant(cohort_id=first, user_id=user_id, organization_id=organization.id)
        for user_id, organization in members
    )
    db.session.add_all(
        CohortCourse(cohort_id=first, course_id=i) for i in course_ids[:COHORT_COURSES]
    )
    db.session.add_all(
        CohortSignatory(cohort_id=c.id, position=1, name=p[:120], title=p[:120])
        for c, p in zip(cohorts, PAYLOADS, strict=True)
    )
    return [c.id for c in cohorts]


def _seed_certificates(amal: User, course_ids: list[int]) -> list[str]:
    """Amal's certificate for every course: its title, issuer, signature lines and printed
    name are payloads; every other one is revoked, the reason a payload."""
    codes = []
    for number, (payload, course_id) in enumerate(zip(PAYLOADS, course_ids, strict=True)):
        certificate = Certificate(
            code=new_code(), user_id=amal.id, course_id=course_id, language="en",
            course_title=payload[:200], issuer=PAYLOADS[number - 2][:200],
            signatories=[{"name": payload[:120], "title": PAYLOADS[number - 3][:120]}],
            printed_name=payload[:80], outcomes=[payload, PAYLOADS[number - 4]],
        )  # fmt: skip
        if number >= 4:  # the first four are the trainee's to open
            certificate.revoked_at, certificate.revoke_reason = db.func.now(), payload
        db.session.add(certificate)
        codes.append(certificate.code)
    return codes


def _seed_notices(amal_id: int, cohort_ids: list[int]) -> None:
    """A notice per payload for Amal, of every kind, the payload in each of its texts (a
    cohort's name, a course's title, a revocation's reason, a role); she is invited to a
    few of the payload-named cohorts, so that their notices offer their buttons too."""
    kinds = [("cohort.invited", "cohort"), ("cohort.member", "cohort"),
             ("certificate.issued", "course"), ("certificate.revoked", "course"),
             ("role.granted", "role")]  # fmt: skip
    for number, payload in enumerate(PAYLOADS):
        kind, key = kinds[number % len(kinds)]
        details = {key: payload, "reason": PAYLOADS[number - 1]}
        db.session.add(Notice(user_id=amal_id, kind=kind, subject_id=cohort_ids[number],
                              details=details))  # fmt: skip
    db.session.add_all(
        PersonalInvitation(cohort_id=cohort_id, user_id=amal_id) for cohort_id in cohort_ids[1:6]
    )


def _seed_answers(app, amal_id: int, course_id: int) -> tuple[int, int]:
    """A quiz of one short-answer question per payload (the prompt too); Amal types each
    payload as her answer and submits. The quiz's and the attempt's ids."""
    questions = [{"kind": "short_answer", "prompt": p, "answers": [{"text": "yes"}]}
                 for p in PAYLOADS]  # fmt: skip
    with app.test_request_context():
        course = db.session.get(Course, course_id)
        quiz = Quiz(course_id=course_id, module_id=course.modules[0].id, title="Q")
        db.session.add(quiz)
        db.session.flush()
        write_questions(quiz, read_specs(questions))
        amal = db.session.get(User, amal_id)
        learning.enrol(amal, course)
        attempt = quizzes.start_attempt(amal, quiz)
        for page in quizzes.pages(attempt):
            typed = PAYLOADS[page.question.position - 1]
            quizzes.save_answer(amal, attempt.id, page.number, MultiDict({"answer": typed}))
        quizzes.submit(amal, attempt.id)
        db.session.commit()
        return quiz.id, attempt.id


@pytest.fixture(scope="module")
def world(app):
    make = Factory(app)
    ids = _seed_people(make)
    with app.app_context():
        course_ids = _seed_courses(ids["owner"])
        cohort_ids = _seed_cohorts(ids, course_ids)
        amal = db.session.get(User, ids["amal"])
        for course_id in course_ids[:COHORT_COURSES]:
            learning.enrol(amal, db.session.get(Course, course_id))
        first = db.session.get(Course, course_ids[0])  # the report lists enrolments
        for user_id in ids["people"]:
            learning.enrol(db.session.get(User, user_id), first)
        codes = _seed_certificates(amal, course_ids)
        _seed_notices(amal.id, cohort_ids)
        db.session.commit()
    quiz_id, attempt_id = _seed_answers(app, ids["amal"], course_ids[0])
    return {**ids, "courses": course_ids, "cohorts": cohort_ids, "codes": codes,
            "quiz": quiz_id, "attempt": attempt_id}  # fmt: skip


# -- the inventory -----------------------------------------------------------------------


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_every_free_text_column_is_seeded_covered_or_justified(app, world):
    columns = _text_columns(app)
    listed = SEEDED | set(ELSEWHERE) | set(NOT_FREE_TEXT)
    assert sorted(columns - listed) == [], "a new text column: seed it here, or say why not"
    assert sorted(listed - columns) == [], "these columns no longer exist"
    assert not (SEEDED & set(ELSEWHERE)) and not ((SEEDED | set(ELSEWHERE)) & set(NOT_FREE_TEXT))
    thin = {}
    with app.app_context():
        for name in sorted(SEEDED):
            table_name, column_name = name.split(".")
            column = db.metadata.tables[table_name].columns[column_name]
            rows = db.session.execute(select(column)).scalars()
            values = [s for v in rows for s in _strings(v)]
            found = sum(any(p[:60] in v for v in values) for p in PAYLOADS)
            if found < 100:
                thin[name] = found
    assert thin == {}, "columns holding fewer than 100 payloads"


# -- the pages, in Chromium --------------------------------------------------------------


# The app's own pictures: report charts and QR codes (every text in them escaped).
OWN_SVG = "svg.chart, svg.segno"


def _person(browser, username: str, locale: str = "en"):
    person = browser(locale=locale, bypass_csp=True)
    person.context.add_init_script(WATCH)
    person.sign_in(username, audit=False)
    assert not person.page.url.endswith("/sign-in"), f"{username} is not signed in"
    return person


def _open(person, path: str, regions: str, *, at_least: int = 0) -> str:
    """Open ``path``; nothing ran; ``regions`` are inert and hold at least ``at_least``
    payloads (as text), so the test sees the fields it means to."""
    response = person.page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    page = person.page
    assert page.evaluate("window.__xss") is None, f"script ran on {path}"
    assert page.evaluate("window.__dialogs") == 0, f"a dialog opened on {path}"
    found = page.locator(regions).evaluate_all(
        "els => els.map(e => { const c = e.cloneNode(true);"
        " c.querySelectorAll(OWN_SVG).forEach(f => f.remove());"
        " c.querySelectorAll('form').forEach(f => f.replaceWith(...f.childNodes));"
        " return c.innerHTML; })".replace("OWN_SVG", repr(OWN_SVG))
    )
    assert found, f"{path}: nothing matches {regions}"
    problems = [p for html in found for p in active_content(html)]
    assert problems == [], f"{path}: {problems[:5]}"
    shown = _shown(page.locator(regions).all_inner_texts())
    assert shown >= at_least, f"{path}: {shown} payloads shown, expected {at_least}"
    return page.content()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _shown(texts: list[str]) -> int:
    """How many payloads appear as text (whitespace as the browser collapses it)."""
    flat = [_flat(t) for t in texts]
    return sum(any(_flat(p)[:30] in t for t in flat) for p in PAYLOADS)


def test_a_trainee_sees_every_field_and_nothing_runs(browser, world):
    person = _person(browser, "amal", locale="ar")
    courses = world["courses"]
    _open(person, "/courses", "main", at_least=40)
    _open(person, "/learning", "main", at_least=COHORT_COURSES - 1)
    _open(person, f"/courses/{courses[0]}", "main", at_least=1)
    lesson = f"/courses/{courses[1]}/lessons/"
    with person.app.app_context():
        lesson += str(db.session.scalar(select(Lesson.id).filter_by(course_id=courses[1])))
    _open(person, lesson, "main", at_least=1)
    _open(person, f"/courses/{courses[0]}/quizzes/{world['quiz']}", "main")
    _open(person, f"/attempts/{world['attempt']}", "main ol.review", at_least=60)  # prompts
    typed = person.page.locator("ol.review input[type=text]").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    # Every answer she typed, as typed (a one-line field drops line breaks).
    assert sorted(typed) == sorted(re.sub("[\r\n]", "", p) for p in PAYLOADS)
    for course_id in courses[:4]:
        _open(person, f"/courses/{course_id}/certificate", "main", at_least=1)
    for number in range(1, -(-N // 50) + 1):  # 50 notices a page
        on_page = min(50, N - 50 * (number - 1))
        _open(person, f"/notices?page={number}", "main .notices", at_least=on_page * 3 // 4)
    _open(person, f"/learning/cohorts/{world['cohorts'][1]}/invitation", "main", at_least=1)
    _open(person, "/account/data", "main")
    _open(person, "/account", "main")
    for code in world["codes"][:4]:
        _open(person, f"/verify/{code}", "main", at_least=1)
    # The own-data export is an attachment: its HTML is opened as the trainee would.
    export = person.page.request.get("/account/data/export.html").text()
    person.page.set_content(export)
    assert person.page.evaluate("window.__xss") is None
    assert active_content(re.sub(r"(?s)^.*?<body>", "", export)) == []
    assert _shown([person.page.inner_text("body")]) == N


def test_a_trainer_sees_every_field_and_nothing_runs(browser, world):
    person = _person(browser, "owner", locale="fr")
    courses = world["courses"]
    _open(person, "/teach/", "main td", at_least=N)
    _open(person, f"/teach/courses/{courses[0]}", "main h1, main .outline-row > a", at_least=1)
    with person.app.app_context():
        lesson = db.session.scalar(select(Lesson.id).filter_by(course_id=courses[2]))
    _open(person, f"/teach/lessons/{lesson}", "main h1, main .breadcrumb", at_least=0)
    _open(person, f"/teach/quizzes/{world['quiz']}", "main h1, ol.questions", at_least=40)
    _open(person, f"/quizzes/{world['quiz']}/statistics", "main", at_least=40)


def test_an_organizer_sees_every_field_and_nothing_runs(browser, world):
    person = _person(browser, "org")
    cohort = world["cohorts"][0]
    _open(person, "/cohorts", "main", at_least=N)
    _open(person, "/organizations", "main", at_least=N)
    _open(person, f"/cohorts/{cohort}", "main", at_least=COHORT_COURSES)
    pages = -(-(N + 1) // 50)
    for number in range(1, pages + 1):
        _open(person, f"/cohorts/{cohort}/participants?page={number}", "main table", at_least=40)
    _open(person, f"/cohorts/{cohort}/people", "main", at_least=0)
    _open(person, f"/cohorts/{cohort}/edit", "main", at_least=0)
    _open(person, f"/cohorts/{cohort}/courses", "main", at_least=N)
    for user_id in [world["amal"], world["people"][2]]:  # the others: in the server's HTML
        _open(person, f"/cohorts/{cohort}/participants/{user_id}", "main", at_least=1)


def test_an_administrator_sees_every_field_and_nothing_runs(browser, world):
    """Administrators' pages name people by username only (no display name, no email):
    each is opened once, to see that nothing else of theirs slips in and runs."""
    person = _person(browser, "root")
    _open(person, "/admin/users", "main table")
    _open(person, "/admin/audit", "main")
    _open(person, f"/admin/users/{world['amal']}", "main")


# -- what leaves as files ------------------------------------------------------------------

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _export(app, cohort_id: int, button: str) -> bytes:
    client = app.test_client()
    Auth(client).login("org")
    response = client.post(
        f"/cohorts/{cohort_id}/reports/progress", data={"csrf_token": client.csrf_token(),
                                                       button: "1"},
    )  # fmt: skip
    assert response.status_code == 200, response.status_code
    return response.get_data()


def test_reports_carry_the_payloads_as_inert_text(app, world, tmp_path):
    cohort = world["cohorts"][0]
    rows = list(csv.reader(io.StringIO(_export(app, cohort, "csv").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c.startswith(FORMULA)] == []
    assert sum(any(p[:30] in c for c in cells) for p in PAYLOADS) >= 100
    sheet = load_workbook(io.BytesIO(_export(app, cohort, "xlsx"))).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert [v for v in values if v.startswith(FORMULA)] == []
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_export(app, cohort, "pdf"))
    text = pdf_text(Path(pdf))
    # Markup is printed as the characters typed, never interpreted: the tags are in it.
    assert PAYLOADS[0] in text  # the cohort's name, "<script>…", as typed


def test_usernames_refuse_every_payload_at_registration_and_in_a_roster(app, world):
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    client = app.test_client()
    with app.app_context():
        before = db.session.scalar(select(db.func.count(User.id)))
    for payload in PAYLOADS:
        response = client.post("/register", data={
            "csrf_token": client.csrf_token(), "username": payload[:40], "password": PASSWORD,
            "confirm": PASSWORD, "submit": "1"})  # fmt: skip
        assert response.status_code == 422, payload
        assert active_content(_main(response)) == [], payload
    organizer = app.test_client()
    Auth(organizer).login("org")
    lines = "\n".join(f'"{p.replace(chr(34), chr(34) * 2)}",name' for p in PAYLOADS)
    boundary, body = encode_multipart({
        "csrf_token": organizer.csrf_token(),
        "roster-file": FileStorage(io.BytesIO(lines.encode()), "people.csv")})  # fmt: skip
    response = organizer.post(f"/cohorts/{world['cohorts'][1]}/roster", data=body,
                              content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
    assert response.status_code == 422
    assert active_content(_main(response)) == []
    with app.app_context():
        assert db.session.scalar(select(db.func.count(User.id))) == before


def _main(response) -> str:
    """The page's main region, its own forms' tags and its own pictures left out."""
    html = response.get_data(as_text=True)
    main = re.search(r"(?s)<main[^>]*>(.*)</main>", html).group(1)
    main = re.sub(r'(?s)<svg [^>]*class="(chart|segno)"[^>]*>.*?</svg>', "", main)
    return re.sub(r"</?form\b[^>]*>", "", main)


def test_every_participant_and_certificate_page_is_inert_in_the_html(app, world, tmp_path):
    """The pages opened above for a few people and courses, in the HTML the server sends:
    Amal's certificate page for every course, the participant page of every sixth person
    (29 ms each; the participants table shows every name in the browser above); and a
    certificate's PDF prints its payloads as text."""
    organizer, trainee = app.test_client(), app.test_client()
    Auth(organizer).login("org")
    Auth(trainee).login("amal")
    cohort = world["cohorts"][0]
    for user_id in [world["amal"], *world["people"][::6]]:
        response = organizer.get(f"/cohorts/{cohort}/participants/{user_id}")
        assert response.status_code == 200 and active_content(_main(response)) == [], user_id
    for course_id in world["courses"]:
        response = trainee.get(f"/courses/{course_id}/certificate")
        assert response.status_code == 200 and active_content(_main(response)) == [], course_id
    with app.app_context():
        first = db.session.scalar(select(Certificate.id).filter_by(course_id=world["courses"][0]))
    pdf = tmp_path / "certificate.pdf"
    response = trainee.get(f"/certificates/{first}/download")
    pdf.write_bytes(response.get_data())
    response.close()
    text = _flat(pdf_text(pdf))
    assert _flat(PAYLOADS[0]) in text  # the printed name and the course's title, as typed
