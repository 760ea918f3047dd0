"""A course's facilitator guide as a printable PDF, for the people who run the course."""

import pytest

from tamkeen import PROJECT_ROOT

from ..inert import active_content
from ..pdftools import page_count, pdf_fonts, pdf_text, snapshot, word_positions

BUNDLED = PROJECT_ROOT / "courses"


def bundled_guide(slug: str) -> str:
    return (BUNDLED / slug / "facilitator-guide.md").read_bytes().decode()


@pytest.fixture
def people(make):
    return {
        "trainer": make.user("trainer-a", roles=("trainee", "trainer")),
        "other_trainer": make.user("trainer-b", roles=("trainee", "trainer")),
        "organizer": make.user("organizer-a", roles=("trainee", "organizer")),
        "other_organizer": make.user("organizer-b", roles=("trainee", "organizer")),
        "admin": make.user("admin", roles=("trainee", "admin")),
        "trainee": make.user("trainee-a"),
    }


def _guided_course(make, people, language="en", slug="advocacy"):
    course = make.course(
        f"Advocacy {language}", language=language, owner=people["trainer"], modules=1, lessons=1
    )
    make.guide(course, bundled_guide(f"{slug}-{language}"))
    make.enrol(people["trainee"], course)
    make.cohort(people["organizer"], participants=[people["trainee"]], courses=[course])
    return course


def _download(client, auth, username: str, course, tmp_path):
    auth.login(username)
    path = tmp_path / f"guide-{course.language}-{username}.pdf"
    with client.get(f"/courses/{course.id}/facilitator-guide.pdf") as response:
        if response.status_code == 200:
            path.write_bytes(response.get_data())
    auth.logout()
    return response, path if path.exists() else None


def test_trainer_prints_the_guide_of_their_course(client, make, auth, people, tmp_path):
    course = _guided_course(make, people)
    response, path = _download(client, auth, "trainer-a", course, tmp_path)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]  # not for every cache on the way
    text = pdf_text(path)
    for heading in [
        "Facilitator guide: Advocacy and campaigning",
        "The workshop at a glance",
        "Before the workshop",
        "Session 1: Analysing a problem and the policy around it",
        "Session 6: Papers, meetings, media, and learning from results",
        "After the workshop",
        "Flip-chart paper, markers, sticky notes in three colours",
    ]:
        assert heading in text, heading
    assert "course: advocacy-en" not in text  # the front matter is not printed
    assert text.count("Facilitator guide: Advocacy and campaigning") == 1
    assert "Noto-Sans" in pdf_fonts(path)


def test_arabic_guide_reads_right_to_left(client, make, auth, people, tmp_path):
    course = _guided_course(make, people, "ar")
    _response, path = _download(client, auth, "admin", course, tmp_path)
    text = pdf_text(path)
    for heading in [
        "الورشة في لمحة",
        "قبل الورشة",
        "قواعد المجموعة والسلامة",
        "الحق في التجمع السلمي",  # session 4 (pdftotext moves the digit)
        "بعد الورشة",
    ]:
        assert heading in text, heading
    assert "NotoNaskhArabic" in pdf_fonts(path).replace("-", "")
    words = word_positions(path)
    # The title, "دليل ... الترافع والحملات", reads from the right: each word stands left of
    # the one before, and it starts at the right edge of the text (the page is 595 pt wide).
    assert words["دليل"][0] > words["الترافع"][0] > words["والحملات"][0]
    assert words["دليل"][0] > 450
    for page in range(1, 3):
        snapshot(path, f"facilitator-guide-ar-{page}", page=page, dpi=50)


def test_french_guide(client, make, auth, people, tmp_path):
    course = _guided_course(make, people, "fr")
    _response, path = _download(client, auth, "organizer-a", course, tmp_path)
    text = pdf_text(path)
    for heading in [
        "Guide de l'animateur : Plaidoyer et campagnes",
        "L'atelier en un coup d'œil",
        "Séance 3 : Campagnes numériques et hashtags",
    ]:
        assert heading in text, heading
    assert "Guide de l'animateur" in pdf_text(path, 1)
    assert page_count(path) >= 3
    for page in range(1, 3):
        snapshot(path, f"facilitator-guide-fr-{page}", page=page, dpi=50)


ALLOWED = {"trainer-a", "organizer-a", "admin"}  # its trainer, its cohort's organizer, admins


@pytest.mark.parametrize(
    "username", ["trainer-a", "trainer-b", "organizer-a", "organizer-b", "admin", "trainee-a"]
)
def test_only_those_who_run_the_course_may_read_its_guide(
    client, make, auth, people, tmp_path, username
):
    course = _guided_course(make, people)
    response, _path = _download(client, auth, username, course, tmp_path)
    assert response.status_code == (200 if username in ALLOWED else 403)


def test_a_visitor_is_asked_to_sign_in(client, make, people):
    course = _guided_course(make, people)
    response = client.get(f"/courses/{course.id}/facilitator-guide.pdf")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_course_without_a_guide_has_none_to_print(client, make, auth, people):
    course = make.course("No guide", owner=people["trainer"])
    auth.login("trainer-a")
    assert client.get(f"/courses/{course.id}/facilitator-guide.pdf").status_code == 404
    page = client.get(f"/teach/courses/{course.id}").get_data(as_text=True)
    assert "facilitator-guide.pdf" not in page


def test_a_draft_course_s_guide_is_hidden_from_organizers(client, make, auth, people):
    course = make.course("Draft", owner=people["trainer"], status="draft")
    make.guide(course, "# Guide\n")
    make.cohort(people["organizer"], courses=[course])
    auth.login("organizer-a")
    assert client.get(f"/courses/{course.id}/facilitator-guide.pdf").status_code == 404


def test_the_trainer_s_course_page_and_the_cohort_s_courses_page_link_to_it(
    app, client, make, auth, people
):
    course = _guided_course(make, people)
    link = f"/courses/{course.id}/facilitator-guide.pdf"
    auth.login("trainer-a")
    assert link in client.get(f"/teach/courses/{course.id}").get_data(as_text=True)
    auth.logout()
    auth.login("organizer-a")
    with app.app_context():
        from sqlalchemy import select

        from tamkeen.cohorts.models import Cohort
        from tamkeen.extensions import db

        cohort_id = db.session.scalar(select(Cohort.id))
    page = client.get(f"/cohorts/{cohort_id}/courses").get_data(as_text=True)
    assert link in page and "Facilitator guides" in page
    auth.logout()
    auth.login("trainee-a")
    assert link not in client.get(f"/courses/{course.id}").get_data(as_text=True)


def test_a_guide_of_hostile_markup_prints_as_inert_text(app, client, make, auth, people, tmp_path):
    from flask import render_template, template_rendered

    from ..xss_corpus import PAYLOADS

    course = make.course("Hostile", owner=people["trainer"], modules=1, lessons=1)
    make.guide(course, "# Guide\n\n" + "\n\n".join(PAYLOADS))
    contexts = []

    def keep(_app, template, context, **_extra):
        if template.name == "pdf/facilitator_guide.html":
            contexts.append(dict(context))

    auth.login("trainer-a")
    with template_rendered.connected_to(keep, app):
        response, path = _download(client, auth, "trainer-a", course, tmp_path)
    assert response.status_code == 200 and path is not None
    with app.test_request_context():
        html = render_template("pdf/facilitator_guide.html", **contexts[0])
    guide = html.split('<main class="guide">', 1)[1].split("</main>", 1)[0]
    assert "window.__xss=1" in guide and active_content(guide) == []
    assert "window.__xss=1" in pdf_text(path)  # printed as text, never run
