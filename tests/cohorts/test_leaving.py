"""A participant sees, in My learning, which cohorts follow her, who runs them and what they
see; she leaves one after a confirmation, and from that moment its organizers see nothing
of her: not on the dashboard, the table, the reports, her page (404) or the audit page."""

import io

import pytest
from openpyxl import load_workbook

from tamkeen.audit import AuditEvent
from tamkeen.certificates.models import Certificate
from tamkeen.cohorts.models import CohortParticipant
from tamkeen.learning.models import Enrolment, LessonProgress

from ..pdftools import pdf_text

NAME = "Amal Tazi"


@pytest.fixture
def cohort_with_amal(make, auth):
    """The Spring cohort (run by Nadia Org for Association Tanmia) with Amal, who did a
    lesson and holds a certificate issued in the cohort's name, and Badr."""
    organizer = make.user("org", roles=("trainee", "organizer"), display_name="Nadia Org")
    rights = make.course("Rights online", modules=1, lessons=2)
    amal = make.user("amal", display_name=NAME)
    badr = make.user("badr", display_name="Badr Oubaha")
    cohort = make.cohort(
        organizer,
        participants=[amal, badr],
        courses=[rights],
        organization=make.organization("Association Tanmia"),
    )
    make.complete(amal, rights.modules[0].lessons[0])
    certificate = make.certificate(amal, rights)  # in the cohort's name (she takes it there)
    assert certificate.cohort_id == cohort.id
    return cohort, rights, amal, certificate


def test_my_learning_says_who_follows_me_and_what_they_see(client, auth, cohort_with_amal):
    cohort, _rights, _amal, _certificate = cohort_with_amal
    auth.login("amal")
    page = client.get("/learning").get_data(as_text=True)
    assert "My cohorts" in page and "Spring cohort" in page
    assert "Nadia Org" in page and "Association Tanmia" in page
    assert "What its organizers see of you" in page and "Rights online" in page
    assert f'href="/learning/cohorts/{cohort.id}/leave"' in page
    assert "Badr" not in page  # participants never see each other


def test_leaving_asks_first_and_needs_the_forms_token(client, make, auth, cohort_with_amal):
    cohort, _rights, amal, _certificate = cohort_with_amal
    auth.login("amal")
    url = f"/learning/cohorts/{cohort.id}/leave"
    page = client.get(url).get_data(as_text=True)
    assert "Leave \u2068Spring cohort\u2069?" in page and "their responsibility" in page
    assert make.count(CohortParticipant, user_id=amal.id) == 1  # a GET changes nothing
    assert client.post(url, data={"submit": "1"}).status_code == 400  # no token: refused
    assert make.count(CohortParticipant, user_id=amal.id) == 1
    assert client.post_form(url).status_code == 302
    assert make.count(CohortParticipant, user_id=amal.id) == 0
    assert client.get(url).status_code == 404  # she is no longer in it


def _organizer_sees(client, cohort, amal, folder) -> dict[str, object]:
    """Every page and export of the cohort that could show a participant, as text."""
    exports = {
        fmt: client.post_form(f"/cohorts/{cohort.id}/reports/progress", {fmt: fmt.upper()})
        for fmt in ("csv", "xlsx", "pdf")
    }
    workbook = load_workbook(io.BytesIO(exports["xlsx"].data), read_only=True)
    cells = " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )
    pdf = folder / "report.pdf"
    pdf.write_bytes(exports["pdf"].data)
    return {
        "dashboard": client.get(f"/cohorts/{cohort.id}").get_data(as_text=True),
        "table": client.get(f"/cohorts/{cohort.id}/participants").get_data(as_text=True),
        "page": client.get(f"/cohorts/{cohort.id}/participants/{amal.id}").status_code,
        "audit": client.get(f"/cohorts/{cohort.id}/audit").get_data(as_text=True),
        "csv": exports["csv"].get_data(as_text=True),
        "xlsx": cells,
        "pdf": pdf_text(pdf),
    }


def test_after_she_leaves_the_organizers_see_nothing_of_her(
    client, make, auth, cohort_with_amal, tmp_path
):
    cohort, _rights, amal, certificate = cohort_with_amal
    auth.login("org")
    before = _organizer_sees(client, cohort, amal, tmp_path)
    assert before["page"] == 200
    assert all(NAME in before[key] for key in ("table", "csv", "xlsx", "pdf"))
    assert "<dd>2</dd>" in before["dashboard"]  # participants
    assert "the certificate of" in before["audit"]
    auth.logout()

    auth.login("amal")
    assert client.post_form(f"/learning/cohorts/{cohort.id}/leave").status_code == 302
    auth.logout()

    auth.login("org")
    after = _organizer_sees(client, cohort, amal, tmp_path)
    assert after["page"] == 404
    assert "<dd>1</dd>" in after["dashboard"]
    for key in ("dashboard", "table", "csv", "xlsx", "pdf", "audit"):
        assert NAME not in after[key] and ">amal<" not in after[key], key
    assert "the certificate of" not in after["audit"]  # her certificate's lines went too
    assert "Badr Oubaha" in after["table"]
    # The certificate issued in the cohort's name is no longer its organizers' to revoke.
    url = f"/cohorts/{cohort.id}/certificates/{certificate.id}/revoke"
    assert client.post_form(url, {"revoke-reason": "Because"}).status_code == 404
    revoke = client.post_form(
        "/certificates/manage/revoke", {"revoke-code": certificate.code, "revoke-reason": "x"}
    )
    assert "No certificate has this code." in revoke.get_data(as_text=True)
    assert not make.get(Certificate, certificate.id).is_revoked
    # What was hers stays hers.
    assert make.count(Enrolment, user_id=amal.id) == 1
    assert make.count(LessonProgress, user_id=amal.id) == 1
    assert make.count(Certificate, user_id=amal.id) == 1


def test_the_leave_is_audited_without_naming_a_course(client, make, auth, cohort_with_amal):
    cohort, _rights, amal, _certificate = cohort_with_amal
    auth.login("amal")
    client.post_form(f"/learning/cohorts/{cohort.id}/leave")
    assert make.count(AuditEvent, action="cohort.left", actor_id=amal.id) == 1
    event = make.get(AuditEvent, _last_event_id(make))
    assert (event.action, event.target_type, event.target_id) == (
        "cohort.left",
        "Cohort",
        cohort.id,
    )


def _last_event_id(make) -> int:
    with make.app.app_context():
        from tamkeen.extensions import db

        return db.session.scalar(db.select(db.func.max(AuditEvent.id)))


def test_nobody_leaves_a_cohort_they_are_not_in(client, make, auth, cohort_with_amal):
    cohort, *_rest = cohort_with_amal
    make.user("chaima")
    for person in ("chaima", "org"):
        auth.login(person)
        assert client.get(f"/learning/cohorts/{cohort.id}/leave").status_code == 404
        assert client.post_form(f"/learning/cohorts/{cohort.id}/leave").status_code == 404
        auth.logout()
    assert make.count(CohortParticipant) == 2


def test_my_learning_takes_the_same_queries_for_many_cohorts(client, make, auth, count_queries):
    organizer = make.user("org", roles=("trainee", "organizer"))
    amal = make.user("amal")
    course = make.course("Rights online", modules=1, lessons=1)

    def cohorts(count: int) -> int:
        for number in range(count):
            make.cohort(organizer, name=f"Cohort {number}", participants=[amal], courses=[course])
        with count_queries() as counter:
            assert client.get("/learning").status_code == 200
        return counter.count

    auth.login("amal")
    assert cohorts(1) == cohorts(5)
