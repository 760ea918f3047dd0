"""After a participant accepts, the cohort's organizers see her progress in the cohort's
courses only: nothing of her other courses, and of her certificates only those issued in
the cohort's name (the only ones they may revoke). A certificate she earned on her own is
revoked only by an administrator, after a confirmation, and she gets a notice."""

import io

import pytest
from openpyxl import load_workbook

from tamkeen.accounts.models import Notice
from tamkeen.certificates.codes import format_code
from tamkeen.certificates.models import Certificate

from ..factories import without_csrf_tokens
from ..pdftools import pdf_text

ELSEWHERE = "Association budgets"


@pytest.fixture
def amal_before_joining(make):
    """Amal, on her own: she completed Rights online (her own certificate) and Association
    budgets (another certificate, a quiz attempt); then she joins the Spring cohort, which
    takes Rights online only."""
    organizer = make.user("org", roles=("trainee", "organizer"))
    make.user("root", roles=("admin",))
    rights = make.course("Rights online", modules=1, lessons=1)
    budgets = make.course(ELSEWHERE, modules=1, lessons=1)
    quiz = make.quiz(budgets, questions=[{"kind": "true_false", "prompt": "?", "answer": True}])
    amal = make.user("amal", display_name="Amal Tazi")
    for course in (rights, budgets):
        make.enrol(amal, course)
        make.complete(amal, course.modules[0].lessons[0])
    make.attempt(amal, quiz, right=True)
    own = {c.course_id: c for c in map(lambda c: make.certificate(amal, c), (rights, budgets))}
    assert all(certificate.cohort_id is None for certificate in own.values())
    cohort = make.cohort(organizer, participants=[amal], courses=[rights])
    return cohort, rights, budgets, amal, own


def _everything_the_organizer_reads(client, cohort, amal, folder) -> dict[str, str]:
    texts = {
        name: client.get(url).get_data(as_text=True)
        for name, url in {
            "dashboard": f"/cohorts/{cohort.id}",
            "table": f"/cohorts/{cohort.id}/participants",
            "participant": f"/cohorts/{cohort.id}/participants/{amal.id}",
            "audit": f"/cohorts/{cohort.id}/audit",
            "people": f"/cohorts/{cohort.id}/people",
            "certificates": "/certificates/manage",
        }.items()
    }
    report = f"/cohorts/{cohort.id}/reports/progress"
    texts["csv"] = client.post_form(report, {"csv": "CSV"}).get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(client.post_form(report, {"xlsx": "XLSX"}).data))
    texts["xlsx"] = " ".join(str(v) for ws in sheet for row in ws.values for v in row)
    (folder / "r.pdf").write_bytes(client.post_form(report, {"pdf": "PDF"}).data)
    texts["pdf"] = pdf_text(folder / "r.pdf")
    return texts


def test_organizers_read_nothing_of_her_other_courses(client, auth, amal_before_joining, tmp_path):
    cohort, _rights, budgets, amal, own = amal_before_joining
    auth.login("org")
    texts = _everything_the_organizer_reads(client, cohort, amal, tmp_path)
    for name, text in texts.items():
        assert ELSEWHERE not in text, name
        for certificate in own.values():
            assert format_code(certificate.code) not in text, name
            assert certificate.code not in text, name
    assert "Rights online" in texts["participant"]
    # Her own certificate in the cohort's course is mentioned, never shown or offered.
    assert "not issued in this cohort's name" in texts["participant"]
    assert "Revoke this certificate" not in texts["participant"]
    assert "the certificate of" not in texts["audit"]
    assert budgets.id  # (the course exists: it is only not theirs to see)


def test_organizers_cannot_revoke_or_reissue_a_certificate_she_earned_alone(
    client, make, auth, amal_before_joining
):
    cohort, rights, _budgets, amal, own = amal_before_joining
    mine = own[rights.id]
    auth.login("org")
    url = f"/cohorts/{cohort.id}/certificates/{mine.id}/revoke"
    assert client.post_form(url, {"revoke-reason": "Because"}).status_code == 404
    response = client.post_form(
        "/certificates/manage/revoke", {"revoke-code": mine.code, "revoke-reason": "Because"}
    )
    assert "No certificate has this code." in response.get_data(as_text=True)
    issue = client.post_form(
        f"/cohorts/{cohort.id}/participants/{amal.id}/certificates", {"issue-course": rights.id}
    )
    assert issue.status_code == 302
    page = client.get(issue.headers["Location"]).get_data(as_text=True)
    assert format_code(mine.code) not in page
    again = make.get(Certificate, mine.id)
    assert not again.is_revoked and again.cohort_id is None


def test_a_certificate_in_the_cohorts_name_is_its_organizers_to_revoke_and_she_is_told(
    client, make, auth
):
    organizer = make.user("org", roles=("trainee", "organizer"))
    rights = make.course("Rights online", modules=1, lessons=1)
    amal = make.user("amal")
    cohort = make.cohort(organizer, participants=[amal], courses=[rights])
    auth.login("org")
    url = f"/cohorts/{cohort.id}/participants/{amal.id}/certificates"
    assert client.post_form(url, {"issue-course": rights.id}).status_code == 302
    certificate = make.get(Certificate, 1)
    assert certificate.cohort_id == cohort.id
    revoke = f"/cohorts/{cohort.id}/certificates/{certificate.id}/revoke"
    assert client.post_form(revoke, {"revoke-reason": "Issued by mistake"}).status_code == 302
    assert make.get(Certificate, certificate.id).is_revoked
    auth.logout()
    auth.login("amal")
    notices = client.get("/notices").get_data(as_text=True)
    assert "Your certificate for Rights online is issued." in notices
    assert "was revoked. The reason given: Issued by mistake" in notices


def test_an_administrator_confirms_before_revoking_a_certificate_earned_alone(
    client, make, auth, amal_before_joining
):
    _cohort, rights, _budgets, amal, own = amal_before_joining
    mine = own[rights.id]
    auth.login("root")
    form = {"revoke-code": format_code(mine.code), "revoke-reason": "Copied answers"}
    first = client.post_form("/certificates/manage/revoke", form)
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and "Revoke this certificate?" in page
    assert "earned it on their own" in page and "Rights online" in page
    assert not make.get(Certificate, mine.id).is_revoked  # asked, not done
    assert make.count(Notice, kind="certificate.revoked") == 0
    confirmed = client.post_form("/certificates/manage/revoke", form | {"revoke-confirmed": "yes"})
    assert confirmed.status_code == 302
    revoked = make.get(Certificate, mine.id)
    assert revoked.is_revoked and revoked.revoke_reason == "Copied answers"
    assert make.count(Notice, user_id=amal.id, kind="certificate.revoked") == 1


def test_the_certificates_page_offers_organizers_their_cohorts_courses_only(client, make, auth):
    organizer = make.user("org", roles=("trainee", "organizer"))
    trainer = make.user("tess", roles=("trainer",))
    ours = make.course("Rights online", modules=1, lessons=1)
    make.course("Someone's draft", status="draft", owner=trainer, modules=1, lessons=1)
    make.course("Published elsewhere", modules=1, lessons=1)
    make.cohort(organizer, participants=[make.user("amal")], courses=[ours])
    make.user("badr")  # an account outside the organizer's cohorts
    auth.login("org")
    page = client.get("/certificates/manage").get_data(as_text=True)
    assert "Rights online" in page
    assert "Someone&#39;s draft" not in page and "Published elsewhere" not in page
    answers = {
        who: client.post_form(
            "/certificates/manage/issue", {"issue-username": who, "issue-course": ours.id}
        )
        for who in ("badr", "nobody-at-all")
    }
    assert {response.status_code for response in answers.values()} == {422}
    texts = [
        without_csrf_tokens(r.get_data(as_text=True)).replace(who, "") for who, r in answers.items()
    ]
    assert texts[0] == texts[1]  # the same answer: nothing says whether badr exists
    assert make.count(Certificate) == 0
    auth.logout()
    make.user("root", roles=("admin",))
    auth.login("root")
    assert "Someone&#39;s draft" in client.get("/certificates/manage").get_data(as_text=True)
