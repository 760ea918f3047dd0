"""Staff pages in a real browser, in Arabic with JavaScript off: on a 1366-px laptop they
use its width (dates on one line, names whole), on a 360-px phone the page never scrolls
sideways (tables scroll within themselves), and every page passes axe-core.

With ``TAMKEEN_SHOTS=<folder>`` each page is also saved there as a PNG, to be looked at."""

import re

from tamkeen.accounts.models import User
from tamkeen.audit import record_event
from tamkeen.cohorts.models import Cohort
from tamkeen.extensions import db

from ..reports.conftest import TRUE_FALSE
from .helpers import LAPTOP, PHONE, shoot

NAMES = ["أمل الإدريسي", "إدير أوحمو", "سلمى بنعلي", "يوسف العمراني", "تيزيري أمزيان"]


def a_busy_cohort(app, make):
    """Organizer "org" runs a cohort of twelve from two associations, two Arabic courses;
    completions, a certificate and downloads are lines of the audit log."""
    organizer = make.user("org", roles=("trainee", "organizer"), locale="ar")
    make.user("root", roles=("admin",), locale="ar")
    rights = make.course("الحق في التعبير على الإنترنت", language="ar", modules=2, lessons=2)
    budgets = make.course("تدبير ميزانية الجمعية", language="ar", modules=1, lessons=2)
    quiz = make.quiz(rights, questions=TRUE_FALSE)
    people = [
        make.user(f"participant{n:02d}", display_name=f"{NAMES[n % len(NAMES)]} {n}")
        for n in range(12)
    ]
    tanmia, amal = make.organization("جمعية التنمية"), make.organization("جمعية الأمل")
    cohort = make.cohort(
        organizer, name="فوج ربيع 2026", participants=people[:7], courses=[rights, budgets],
        member_organization=tanmia,
    )  # fmt: skip
    with app.app_context():
        from tamkeen.cohorts import services as cohorts

        cohorts.add_participants(
            db.session.get(Cohort, cohort.id),
            [db.session.get(User, p.id) for p in people[7:]],
            organization_id=amal.id,
            by=db.session.get(User, organizer.id),
        )
        db.session.commit()
    for person in people[:5]:
        for lesson in rights.modules[0].lessons:
            make.complete(person, lesson)
        make.attempt(person, quiz, right=True)
    for person in people[:3]:  # three complete the budgets course: a timeline
        for lesson in budgets.modules[0].lessons:
            make.complete(person, lesson)
    make.certificate(people[0], budgets)  # on completion
    make.certificate(people[1], rights, by=organizer, cohort_id=cohort.id)
    with app.app_context():
        org = db.session.get(User, organizer.id)
        for code in ("report.progress.csv", "report.progress.pdf.pseudonymised"):
            record_event(org, code, db.session.get(Cohort, cohort.id))
        db.session.commit()
    return cohort, people


def measure(page) -> dict:
    return page.evaluate(
        """() => ({
            main: document.querySelector('main').getBoundingClientRect().width,
            page: document.documentElement.scrollWidth,
            tables: [...document.querySelectorAll('.table-scroll')].map(
                region => region.scrollWidth > region.clientWidth),
            brokenDates: [...document.querySelectorAll('main .nowrap')].filter(
                cell => {
                    const range = document.createRange();
                    range.selectNodeContents(cell);
                    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    return tops.size > 1;  // the text of a date runs over more than one line
                }).length,
        })"""
    )


def test_staff_pages_use_a_laptops_width_and_fit_a_phone(app, browser, make):
    cohort, _people = a_busy_cohort(app, make)
    pages = {
        "dashboard": f"/cohorts/{cohort.id}",
        "participants": f"/cohorts/{cohort.id}/participants",
        "cohort-audit": f"/cohorts/{cohort.id}/audit",
    }
    admin_pages = {"admin-audit": "/admin/audit", "admin-users": "/admin/users"}
    for username, visits in (("org", pages), ("root", admin_pages)):
        person = browser(locale="ar", javascript=False)
        person.sign_in(username)
        for name, path in visits.items():
            person.page.set_viewport_size(LAPTOP)
            page = person.goto(path)
            assert page.locator("html").get_attribute("dir") == "rtl"
            laptop = measure(page)
            shoot(page, f"{name}-1366")
            assert laptop["main"] > 1000, name  # not a 690-px column on a laptop
            assert laptop["page"] <= LAPTOP["width"], name
            assert laptop["brokenDates"] == 0, name
            person.page.set_viewport_size(PHONE)
            phone = measure(page)
            shoot(page, f"{name}-360")
            assert phone["page"] <= PHONE["width"], name  # the page never scrolls sideways
            assert phone["brokenDates"] == 0, name


def test_the_audit_logs_read_as_sentences_in_arabic(app, browser, make):
    cohort, people = a_busy_cohort(app, make)
    org = browser(locale="ar", javascript=False)
    org.sign_in("org")
    page = org.goto(f"/cohorts/{cohort.id}/audit")
    text = page.locator("main table").inner_text()
    assert "تنزيل تقرير التقدّم (CSV)" in text  # "downloaded the progress report (CSV)"
    assert "تنزيل تقرير التقدّم بأسماء مستعارة (PDF)" in text
    assert f"شهادة {people[1].display_name} عن «الحق في التعبير على الإنترنت»" in text
    assert "report.progress" not in text and "certificate." not in text
    link = page.locator(f"main table a[href='/cohorts/{cohort.id}']").first
    assert link.inner_text() == "فوج ربيع 2026"

    root = browser(locale="ar", javascript=False)
    root.sign_in("root")
    page = root.goto("/admin/audit?kind=certificate")
    text = page.locator("main table").inner_text()
    assert "صدرت عند إتمام الدورة" in text  # "issued on completion"
    assert "حساب ممحوّ" not in text


def test_a_lessons_diff_uses_the_width_and_wraps_on_a_phone(app, browser, make):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    course = make.course("الحق في التعبير", language="ar", modules=1, lessons=1, owner=rania)
    lesson = course.modules[0].lessons[0]
    long_line = "حرية التعبير مكفولة بموجب الفصل 25 من الدستور، " * 6
    with app.app_context():
        from tamkeen.authoring.revisions import save_lesson
        from tamkeen.learning.models import Lesson

        for body in (f"{long_line}\nسطر ثان.", f"{long_line}تعديل.\nسطر ثان."):
            save_lesson(
                db.session.get(Lesson, lesson.id),
                by=db.session.get(User, rania.id),
                title="الدرس الأول",
                minutes=5,
                body=body,
            )
        db.session.commit()
    person = browser(locale="ar", javascript=False)
    person.sign_in("rania")
    person.page.set_viewport_size(LAPTOP)
    page = person.goto(f"/teach/lessons/{lesson.id}/history")
    assert page.locator("pre.diff ins").count() == 1
    assert measure(page)["main"] > 1000
    shoot(page, "history-1366")
    person.page.set_viewport_size(PHONE)
    phone = page.evaluate(
        "() => { const pre = document.querySelector('pre.diff');"
        " return [document.documentElement.scrollWidth, pre.scrollWidth, pre.clientWidth]; }"
    )
    shoot(page, "history-360")
    assert phone[0] <= PHONE["width"] and phone[1] <= phone[2]  # the diff wraps, never cut


def test_the_dashboards_charts_show_every_label_and_value_whole_in_arabic(app, browser, make):
    """Every text of the charts lies inside its chart and off the bars: nothing clipped at
    the right edge (where Arabic starts), no value under a bar."""
    cohort, _people = a_busy_cohort(app, make)
    person = browser(locale="ar", javascript=False)
    person.sign_in("org")
    person.page.set_viewport_size(LAPTOP)
    page = person.goto(f"/cohorts/{cohort.id}")
    shoot(page, "dashboard-charts-1366")
    charts = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart')].map(svg => {
            const box = el => {
                const b = el.getBBox();
                return [b.x, b.y, b.x + b.width, b.y + b.height];
            };
            const width = svg.viewBox.baseVal.width;
            const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, box(t)]);
            const bars = [...svg.querySelectorAll('rect')].map(box);
            return {width, texts, bars};
        })"""
    )
    assert len(charts) == 3  # a funnel per course and the timeline
    for chart in charts:
        for text, (left, top, right, bottom) in chart["texts"]:
            assert left >= 0 and right <= chart["width"], f"{text!r} is cut off"
            for bar_left, bar_top, bar_right, bar_bottom in chart["bars"]:
                overlaps = left < bar_right and bar_left < right and top < bar_bottom
                assert not (overlaps and bar_top < bottom), f"{text!r} is under a bar"
    # On a laptop each chart has its table of numbers beside it (on its left in Arabic),
    # across the wide layout, rather than a chart over half the page.
    figures = page.evaluate(
        """() => [...document.querySelectorAll('main .chart-figure')].map(figure => {
            const svg = figure.querySelector('svg.chart').getBoundingClientRect();
            const table = figure.querySelector(':scope > .table-scroll').getBoundingClientRect();
            return {svg: [svg.left, svg.top], table: [table.right, table.top]};
        })"""
    )
    assert len(figures) == 3
    for figure in figures:
        assert figure["table"][0] <= figure["svg"][0]  # beside, not below
        assert abs(figure["table"][1] - figure["svg"][1]) < 40
    labels = [text for chart in charts[:2] for text, _box in chart["texts"]]
    for label in ("مسجّلون", "بدؤوا", "في منتصف الطريق", "مكتمل"):
        assert label in labels  # every bar says what it counts
    dates = [text for text, _box in charts[2]["texts"] if not text.isdigit()]
    assert dates and all(re.search("[\u0600-\u06ff]", date) for date in dates), dates
