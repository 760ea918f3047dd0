"""Names people choose for themselves never run script in someone else's browser.

Every payload of the corpus (cut to the 80 characters the form accepts) is the display
name of one person, made a co-trainer of one course; the course's owner and an
administrator then open the trainers page, which names them all, with the Content
Security Policy bypassed (the HTML itself must be inert). Usernames allow only letters,
digits, dots, dashes and underscores, so they cannot carry markup.
"""

from ..inert import active_content
from ..xss_corpus import PAYLOADS
from .helpers import WATCH

NAME = 80


def test_no_display_name_payload_runs_for_the_owner_or_an_administrator(browser, make):
    owner = make.user("owner", roles=("trainer",))
    make.user("root", roles=("admin",))
    course = make.course(owner=owner, modules=1, lessons=1)
    for number, payload in enumerate(PAYLOADS):
        make.co_trainer(course, make.user(f"p{number}", display_name=payload[:NAME]))
    assert len(PAYLOADS) >= 100

    for username, locale in (("owner", "ar"), ("root", "en")):
        person = browser(locale=locale, bypass_csp=True)
        person.context.add_init_script(WATCH)
        person.sign_in(username, audit=False)
        page = person.goto(f"/teach/courses/{course.id}/trainers")
        assert page.locator("main li").count() == len(PAYLOADS) + 1
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("window.__dialogs") == 0
        names = page.locator("main li").evaluate_all(
            "items => items.map(li => { const c = li.cloneNode(true);"
            " c.querySelectorAll('form').forEach(f => f.remove()); return c.innerHTML; })"
        )  # each name, without the page's own Remove button
        assert [html for html in names if active_content(html)] == []
