"""The audit log in words: every action code the platform writes has a sentence, the pages
and the data export read as sentences with links to what still exists, never as codes."""

import ast
import json
import re

from tamkeen import PROJECT_ROOT
from tamkeen.accounts.models import ROLES, User
from tamkeen.audit import ACTIONS, action_words, record_event
from tamkeen.extensions import db
from tamkeen.learning.models import Course
from tamkeen.quizzes.models import Question

SOURCES = PROJECT_ROOT / "platform" / "tamkeen"


def written_codes() -> tuple[set[str], set[str]]:
    """The action codes of every ``record_event(actor, code, ...)`` in the sources: plain
    strings (both sides of ``a if b else c`` too), and f-strings as regular expressions."""
    literals, patterns = set(), set()
    for path in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "record_event"):
                continue
            code = node.args[1]
            if isinstance(code, ast.JoinedStr):
                parts = [
                    re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_.]+"
                    for part in code.values
                ]
                patterns.add("".join(parts))
                continue
            found = [n.value for n in ast.walk(code) if isinstance(n, ast.Constant)]
            assert found, f"{path.name}:{node.lineno}: an action code the test cannot read"
            literals.update(value for value in found if isinstance(value, str))
    return literals, patterns


def test_every_action_code_written_anywhere_has_words(app):
    literals, patterns = written_codes()
    assert len(literals) > 50 and len(patterns) >= 4  # the scan finds the platform's calls
    missing = sorted(literals - set(ACTIONS.names()))
    assert not missing, f"action codes without words in the audit log: {missing}"
    for pattern in patterns:
        assert any(re.fullmatch(pattern, name) for name in ACTIONS.names()), pattern


def test_every_code_a_dynamic_action_can_take_has_words(app):
    from tamkeen.reports.services import MIMETYPES

    codes = [f"role.{change}.{role}" for change in ("granted", "removed") for role in ROLES]
    codes += [f"report.progress.{fmt}{v}" for fmt in MIMETYPES for v in ("", ".pseudonymised")]
    codes += [f"course.imported.{outcome}" for outcome in ("created", "updated")]
    codes += [f"{item}.{done}" for item in ("module", "lesson") for done in ("moved", "deleted")]
    missing = [code for code in codes if code not in ACTIONS]
    assert not missing
    with app.test_request_context():
        assert action_words("report.progress.xlsx.pseudonymised") == (
            "downloaded the pseudonymised progress report (Excel)"
        )
        assert action_words("role.removed.admin") == "took away the role: Administrator"


def test_words_exist_in_every_language(app):
    """Not one sentence falls back to English in Arabic or French."""
    from flask_babel import force_locale

    with app.test_request_context():
        english = {code: action_words(code) for code in ACTIONS.names()}
        for language in ("ar", "fr"):
            with force_locale(language):
                same = [code for code in english if action_words(code) == english[code]]
                assert not same, (language, same)


def test_a_certificate_issued_on_completion_reads_so(client, make, auth):
    make.user("root", roles=("admin",))
    amal = make.user("amal", display_name="Amal Idrissi")
    course = make.course("Digital security", modules=1, lessons=1)
    make.certificate(amal, course)  # by=None: what completion does
    auth.login("root")
    page = client.get("/admin/audit?kind=certificate").get_data(as_text=True)
    assert "issued on completion" in page
    assert "the certificate of Amal Idrissi for “Digital security”" in page
    assert "an erased account or the system" not in page


def test_a_question_is_named_by_its_quiz_and_deleted_things_say_so(app, client, make, auth):
    root = make.user("root", roles=("admin",))
    course = make.course("Digital security", modules=1, lessons=1)
    quiz = make.quiz(course, title="Passwords")
    gone = make.course("Old course", modules=1, lessons=1)
    with app.app_context():
        question = db.session.scalar(db.select(Question).where(Question.quiz_id == quiz.id))
        actor = db.session.get(User, root.id)
        record_event(actor, "question.updated", question)
        record_event(actor, "course.deleted", db.session.get(Course, gone.id))
        db.session.delete(db.session.get(Course, gone.id))
        db.session.commit()
        question_id = question.id
    auth.login("root")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "changed a question" in page
    assert "a question of “Passwords” in “Digital security”" in page
    assert f"Question {question_id}" not in page and "Question" not in page
    assert "deleted a course" in page and "a deleted course" in page
    assert f'href="/courses/{course.id}"' not in page  # no line names it: no link to it


def test_a_published_course_is_linked_for_whoever_reads_the_log(app, client, make, auth):
    root = make.user("root", roles=("admin",))
    course = make.course("Digital security", modules=1, lessons=1)
    with app.app_context():
        record_event(db.session.get(User, root.id), "course.published", course)
        db.session.commit()
    auth.login("root")
    page = client.get("/admin/audit?kind=course").get_data(as_text=True)
    assert f'<a href="/courses/{course.id}">“Digital security”</a>' in page


def test_many_different_objects_cost_no_more_queries(app, client, make, auth, count_queries):
    root = make.user("root", roles=("admin",))
    auth.login("root")

    def lines_about_new_courses(n):
        courses = [make.course(f"Course {i}", modules=1, lessons=1) for i in range(n)]
        with app.app_context():
            actor = db.session.get(User, root.id)
            for course in courses:
                record_event(actor, "course.updated", db.session.get(Course, course.id))
                record_event(
                    actor, "lesson.moved", db.session.get(Course, course.id).modules[0].lessons[0]
                )
            db.session.commit()

    lines_about_new_courses(2)
    with count_queries() as few:
        client.get("/admin/audit")
    lines_about_new_courses(12)
    with count_queries() as many:
        client.get("/admin/audit")
    assert many.count == few.count


def test_the_readable_export_says_in_words_what_the_json_keeps_as_codes(app, client, make, auth):
    amal = make.user("amal")
    with app.app_context():
        person = db.session.get(User, amal.id)
        record_event(person, "account.two_factor_enabled", person)
        db.session.commit()
    auth.login("amal")
    data = json.loads(client.get("/account/data/export.json").get_data(as_text=True))
    assert data["audit_events"][0]["action"] == "account.two_factor_enabled"
    page = client.get("/account/data/export.html").get_data(as_text=True)
    assert "turned on two-step sign-in" in page and "account.two_factor_enabled" not in page
    client.post_form("/language", {"locale": "ar"})
    page = client.get("/account/data/export.html").get_data(as_text=True)
    assert "account.two_factor_enabled" not in page
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("ar"):
            assert action_words("account.two_factor_enabled") in page


def test_a_certificate_issued_by_an_organizer_since_erased_does_not_read_as_automatic(
    app, client, make, auth
):
    from tamkeen.accounts.personal_data import erase_account

    make.user("root", roles=("admin",))
    organizer = make.user("nadia", roles=("organizer",))
    amal = make.user("amal", display_name="Amal Idrissi")
    course = make.course("Digital security", modules=1, lessons=1)
    other = make.course("Advocacy", modules=1, lessons=1)
    make.certificate(amal, course, by=organizer)  # by hand
    make.certificate(amal, other)  # on completion
    with app.app_context():
        erase_account(db.session.get(User, organizer.id))
        db.session.commit()
    auth.login("root")
    page = client.get("/admin/audit?kind=certificate").get_data(as_text=True)
    assert page.count("an organizer whose account no longer exists") == 1
    assert page.count("issued a certificate") == 1  # the one by hand, in plain words
    assert page.count("issued on completion") == 1  # the automatic one still says so
    assert "nadia" not in page
