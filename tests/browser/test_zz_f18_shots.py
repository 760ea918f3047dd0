from tamkeen.accounts import services as accounts
from tamkeen.extensions import db
from ..conftest import PASSWORD
from ..factories import EVERY_KIND
from ..authoring.pictures import photo

PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
D = "/tmp/f18/shots"


def both(person, path, name):
    for size in (PHONE, LAPTOP):
        person.page.set_viewport_size(size)
        person.page.goto(path)
        person.page.screenshot(path=f"{D}/{name}-{size['width']}.png", full_page=True)


def test_shots(browser, make, app):
    make.course("الحق في التعبير", language="ar")
    make.course("A course in English", language="en")
    make.paper("حماية المعطيات", language="ar")
    make.paper("Registering", language="fr")
    with app.app_context():
        user = accounts.create_account_for("tiziri", None)
        db.session.flush()
        token = accounts.create_password_link(user)
        user.password_hash = "x"
        db.session.commit()
    v = browser(locale="ar", javascript=False)
    both(v, f"/welcome/{token}", "welcome-used")
    both(v, "/courses", "catalogue")
    both(v, "/papers", "library")
    course = make.course("دورة", language="ar", modules=1, lessons=1)
    quiz = make.quiz(course, questions=EVERY_KIND[-1:])
    t = make.user("trainee", locale="ar")
    make.enrol(t, course)
    p = browser(locale="ar", javascript=False)
    p.sign_in("trainee", audit=False)
    page = p.page
    page.goto(f"/courses/{course.id}/quizzes/{quiz.id}")
    with page.expect_navigation():
        page.click("form[action$='/start'] button")
    url = page.url
    for sel in page.locator("select").all():
        sel.select_option("1")
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        page.goto(url)
        for sel in page.locator("select").all():
            sel.select_option("1")
        with page.expect_navigation():
            page.click("button[name=go][value=stay]")
        page.screenshot(path=f"{D}/ordering-refused-{size['width']}.png", full_page=True)
    for i, sel in enumerate(page.locator("select").all()):
        sel.select_option(str(i + 1))
    with page.expect_navigation():
        page.click("button[name=go][value=stay]")
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        page.screenshot(path=f"{D}/answer-saved-{size['width']}.png", full_page=True)
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    c2 = make.course(owner=rania, status="draft", language="ar")
    r = browser(locale="ar", javascript=False)
    r.sign_in("rania", audit=False)
    both(r, f"/teach/courses/{c2.id}", "trainer-course")
