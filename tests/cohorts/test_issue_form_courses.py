"""The certificate issue form (/certificates/manage) offers an organizer only the courses of
the cohorts they run: never another organizer's course, a course no cohort of theirs takes,
or a trainer's draft. Administrators are offered every course."""

import re


def offered_courses(client) -> set[int]:
    page = client.get("/certificates/manage").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="issue-course".*?</select>', page, re.S)
    assert select, "the issue form has no course list"
    return {int(value) for value in re.findall(r'value="(\d+)"', select.group(0))}


def test_the_issue_form_offers_only_the_courses_the_organizer_may_issue(client, make, auth):
    organizer = make.user("org", roles=("organizer",))
    mine = make.course("Rights online", modules=1, lessons=1)
    theirs = make.course("Association budgets", modules=1, lessons=1)
    loose = make.course("Digital security", modules=1, lessons=1)  # published, in no cohort
    draft = make.course("Unfinished", status="draft", modules=1, lessons=1)
    make.cohort(organizer, participants=[make.user("amal")], courses=[mine])
    make.cohort(make.user("other", roles=("organizer",)), courses=[theirs], name="Autumn")
    make.user("root", roles=("admin",))

    auth.login("org")
    assert offered_courses(client) == {mine.id}
    auth.logout()
    auth.login("root")
    assert offered_courses(client) == {mine.id, theirs.id, loose.id, draft.id}


def test_an_organizer_without_cohorts_is_offered_no_course(client, make, auth):
    make.user("org", roles=("organizer",))
    make.course("Rights online", modules=1, lessons=1)
    auth.login("org")
    assert offered_courses(client) == set()
