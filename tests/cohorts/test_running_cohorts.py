"""Organizers create cohorts, choose their courses (participants are enrolled), add
organizers and partner organizations; every form error changes nothing."""

import pytest

from tamkeen.audit import AuditEvent
from tamkeen.cohorts.models import Cohort, CohortCourse, CohortOrganizer, Organization
from tamkeen.learning.models import Enrolment


@pytest.fixture
def organizer(make, auth):
    user = make.user("org", roles=("trainee", "organizer"))
    auth.login("org")
    return user


def test_organizer_creates_a_cohort_and_assigns_courses(client, make, organizer):
    tanmia = make.organization()
    course = make.course()
    response = client.post_form(
        "/cohorts/new",
        {
            "name": "  Spring   cohort ",
            "organization": str(tanmia.id),
            "starts_on": "2026-03-01",
            "ends_on": "2026-06-30",
            "signatories-0-name": "Nadia El Idrissi",
            "signatories-0-title": "Director",
        },
    )
    assert response.status_code == 302
    cohort = make.get(Cohort, 1) or make.get(Cohort, make.count(Cohort))
    assert make.count(Cohort) == 1 and make.count(CohortOrganizer) == 1
    amal = make.user("amal")
    with make.app.app_context():
        from tamkeen.cohorts import services
        from tamkeen.extensions import db

        services.add_participants(
            db.session.get(Cohort, cohort.id),
            [db.session.merge(amal)],
            organization_id=None,
            by=None,
        )
        db.session.commit()
    response = client.post_form(f"/cohorts/{cohort.id}/courses", {"courses": [course.id]})
    assert response.status_code == 302
    assert make.count(Enrolment, user_id=amal.id, course_id=course.id) == 1
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Spring cohort" in page
    assert make.count(AuditEvent, action="cohort.courses_changed") == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter a name."),
        (
            {"starts_on": "2026-06-01", "ends_on": "2026-05-01"},
            "A cohort cannot end before it starts.",
        ),
        ({"organization": "999"}, "Not a valid choice"),
        ({"starts_on": "someday"}, "Not a valid date value"),
    ],
)
def test_cohort_form_errors_change_nothing(client, make, organizer, data, message):
    response = client.post_form("/cohorts/new", {"name": "Spring"} | data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert make.count(Cohort) == 0


def test_a_course_that_is_not_offered_is_refused(client, make, organizer):
    cohort = make.cohort(organizer)
    draft = make.course(status="draft")
    response = client.post_form(f"/cohorts/{cohort.id}/courses", {"courses": [draft.id]})
    assert response.status_code == 422
    assert make.count(CohortCourse) == 0


def test_organizers_add_a_co_organizer_but_not_a_trainee(client, make, organizer):
    cohort = make.cohort(organizer)
    make.user("colleague", roles=("organizer",))
    make.user("amal")
    url = f"/cohorts/{cohort.id}/organizers"
    response = client.post_form(url, {"organizer-username": "amal"})
    assert response.status_code == 422
    assert "does not have the organizer role" in response.get_data(as_text=True)
    assert client.post_form(url, {"organizer-username": "colleague"}).status_code == 302
    assert make.count(CohortOrganizer, cohort_id=cohort.id) == 2


def test_partner_organizations_are_listed_once(client, make, organizer):
    assert client.post_form("/organizations", {"name": "Tanmia"}).status_code == 302
    response = client.post_form("/organizations", {"name": " Tanmia "})
    assert response.status_code == 422
    assert make.count(Organization) == 1


def test_removing_a_participant_keeps_their_progress(client, make, organizer):
    course = make.course(modules=1, lessons=1)
    amal = make.user("amal")
    cohort = make.cohort(organizer, participants=[amal], courses=[course])
    make.complete(amal, course.modules[0].lessons[0])
    response = client.post_form(f"/cohorts/{cohort.id}/participants/{amal.id}/remove")
    assert response.status_code == 302
    from tamkeen.cohorts.models import CohortParticipant
    from tamkeen.learning.models import LessonProgress

    assert make.count(CohortParticipant) == 0
    assert make.count(Enrolment, user_id=amal.id) == 1 and make.count(LessonProgress) == 1
    again = client.post_form(f"/cohorts/{cohort.id}/participants/{amal.id}/remove")
    assert again.status_code == 404
