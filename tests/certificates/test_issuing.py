"""Trainees receive a certificate when they complete a course, and choose the name printed."""

from tamkeen.audit import AuditEvent
from tamkeen.certificates.models import Certificate

from .helpers import import_course_with_signatories, the_certificate


def complete_course(client, course):
    client.post_form(f"/courses/{course.id}/enrol")
    for module in course.modules:
        for lesson in module.lessons:
            client.post_form(f"/courses/{course.id}/lessons/{lesson.id}/complete")


def test_completing_the_last_lesson_issues_a_certificate(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=2)
    complete_course(client, course)
    assert make.count(Certificate) == 1
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert "Choose the name to print on your certificate" in page


def test_certificate_before_completion_says_what_is_missing(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=3)
    client.post_form(f"/courses/{course.id}/enrol")
    first = course.modules[0].lessons[0]
    client.post_form(f"/courses/{course.id}/lessons/{first.id}/complete")
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert "2 lessons still to complete" in page
    assert "Lesson 1.2" in page and "Lesson 1.3" in page and "Lesson 1.1" not in page
    response = client.post_form(f"/courses/{course.id}/certificate", {"name": "Amal"})
    assert response.status_code == 409
    assert "2 lessons still to complete" in response.get_data(as_text=True)
    assert make.count(Certificate) == 0


def test_certificate_page_without_enrolment_asks_to_enrol(client, make, signed_in_trainee):
    course = make.course()
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert "Enrol in the course and complete it" in page


def test_holder_chooses_a_pseudonym_before_the_first_download(client, make, auth):
    course = make.course(modules=1, lessons=1)
    make.user("amal", display_name="Amal Benali")
    auth.login("amal")
    complete_course(client, course)
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert 'value="Amal Benali"' in page  # the display name is the default
    certificate = the_certificate(make.app)
    response = client.get(f"/certificates/{certificate.id}/download")
    assert response.status_code == 302  # no name yet: back to the choice
    client.post_form(f"/courses/{course.id}/certificate", {"name": "  A.   B. "})
    assert make.get(Certificate, certificate.id).printed_name == "A. B."
    with client.get(f"/certificates/{certificate.id}/download") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.get_data()[:5] == b"%PDF-"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response.headers["Content-Security-Policy"].split("; ")
    assert "no-store" in response.headers["Cache-Control"]


def test_printed_name_cannot_change_once_chosen(client, make, auth):
    course = make.course(modules=1, lessons=1)
    amal = make.user("amal")
    certificate = make.certificate(amal, course, printed_name="Amal")
    make.enrol(amal, course)
    auth.login("amal")
    client.post_form(f"/courses/{course.id}/certificate", {"name": "Someone Else"})
    assert make.get(Certificate, certificate.id).printed_name == "Amal"


def test_empty_or_too_long_name_is_refused_and_nothing_changes(client, make, auth):
    course = make.course(modules=1, lessons=1)
    amal = make.user("amal")
    certificate = make.certificate(amal, course)
    auth.login("amal")
    for name in ["", "x" * 81]:
        response = client.post_form(f"/courses/{course.id}/certificate", {"name": name})
        assert response.status_code == 422
    assert make.get(Certificate, certificate.id).printed_name is None


def test_completing_again_keeps_one_certificate(client, make, signed_in_trainee):
    course = make.course(modules=1, lessons=1)
    complete_course(client, course)
    complete_course(client, course)
    assert make.count(Certificate) == 1


def test_another_persons_certificate_is_not_found(client, make, auth):
    course = make.course(modules=1, lessons=1)
    amal, _omar = make.user("amal"), make.user("omar")
    certificate = make.certificate(amal, course, printed_name="Amal")
    auth.login("omar")
    assert client.get(f"/certificates/{certificate.id}/download").status_code == 404
    assert client.get("/certificates/999/download").status_code == 404


def test_anonymous_visitor_is_asked_to_sign_in(client, make):
    course = make.course()
    response = client.get(f"/courses/{course.id}/certificate")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_revoked_certificate_is_not_reissued_on_completion(app, make):
    course = make.course(modules=1, lessons=1)
    amal, organizer = make.user("amal"), make.user("org", roles=("organizer",))
    certificate = make.certificate(amal, course, printed_name="Amal")
    with app.test_request_context():
        from tamkeen.certificates import services
        from tamkeen.extensions import db

        revoked = db.session.get(Certificate, certificate.id)
        services.revoke_certificate(revoked, "Issued by mistake", by=organizer)
        db.session.commit()
        services.issue_certificate(db.session.merge(amal), db.session.merge(course))
        db.session.commit()
        assert db.session.get(Certificate, certificate.id).is_revoked
        assert make.count(Certificate) == 1
    assert make.count(AuditEvent, action="certificate.revoked") == 1


def test_certificate_prints_the_course_signature_lines(app, make, tmp_path):
    course = import_course_with_signatories(app, tmp_path)
    amal = make.user("amal")
    certificate = make.certificate(amal, course, printed_name="Amal")
    assert certificate.signatories == [
        {"name": "Nadia El Idrissi", "title": "Director"},
        {"name": "Youssef Amrani", "title": ""},
    ]


def test_signature_lines_in_course_yaml_are_checked_with_their_line(app, make, tmp_path):
    from tamkeen.learning.models import Course

    from .helpers import write_signed_course

    package = write_signed_course(tmp_path / "signed")
    text = (package / "course.yaml").read_text()
    (package / "course.yaml").write_text(text.replace("title: Director", "titel: Director"))
    result = app.test_cli_runner().invoke(args=["courses", "import", str(package)])
    assert result.exit_code != 0
    assert "course.yaml:8: Unknown key: titel" in result.output
    assert make.count(Course) == 0


def test_signature_lines_survive_export_and_import(app, make, tmp_path):
    import io
    import zipfile

    from tamkeen.certificates.models import CertificateSignatory

    import_course_with_signatories(app, tmp_path)
    archive = tmp_path / "signed.zip"
    result = app.test_cli_runner().invoke(args=["courses", "export", "signed-course", str(archive)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as package:
        course_yaml = next(n for n in package.namelist() if n.endswith("course.yaml"))
        text = package.read(course_yaml).decode()
    assert "signatories:" in text and "Nadia El Idrissi" in text and "Director" in text
    result = app.test_cli_runner().invoke(args=["courses", "import", str(archive)])
    assert result.exit_code == 0, result.output
    assert make.count(CertificateSignatory) == 2


def test_a_course_with_an_unpassed_quiz_gives_no_certificate_and_says_what_is_missing(
    client, make, signed_in_trainee
):
    from ..quizzes.helpers import right_form, take, wrong_form

    course = make.course(modules=1, lessons=1)
    question = [{"kind": "true_false", "prompt": "Opinions may be restricted.", "answer": False}]
    quiz = make.quiz(course, questions=question, title="Check your understanding")
    complete_course(client, course)
    assert make.count(Certificate) == 0
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert "1 quiz still to pass" in page and "Check your understanding" in page
    assert "lessons still to complete" not in page
    response = client.post_form(f"/courses/{course.id}/certificate", {"name": "Amal"})
    assert response.status_code == 409 and make.count(Certificate) == 0

    take(client, quiz, wrong_form)
    assert make.count(Certificate) == 0
    take(client, quiz, right_form)
    assert make.count(Certificate) == 1
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert "Choose the name to print on your certificate" in page
