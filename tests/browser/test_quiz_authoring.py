"""A trainer writes a quiz with a question of every kind in a real browser, without
JavaScript (French interface, Arabic course); a trainee then takes it, without JavaScript
too, once the trainer has published it. Every page they meet is audited by axe-core. With
JavaScript, questions also move with the keyboard."""

from playwright.sync_api import expect

from tamkeen.extensions import db
from tamkeen.quizzes.models import Quiz

from ..authoring.editor import editor_fields
from ..authoring.helpers import ARABIC
from ..quizzes.helpers import right_form
from .helpers import fill, shoot, sign_in


def _type_question(page, spec: dict) -> None:
    """Fill the question form as a trainer would: each field by its name."""
    for name, value in editor_fields(spec).items():
        if name == "answer":
            page.check(f"input[name=answer][value={value}]")
        elif value == "y":
            page.check(f"input[name='{name}']")
        else:
            page.fill(f"[name='{name}']", value)


def _quiz(app, quiz_id: int) -> Quiz:
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        _ = [question.data for question in quiz.questions]
        db.session.expunge_all()
        return quiz


MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="category"><category><text>$course$/top/x</text></category></question>
<question type="multianswer"><name><text>Cloze</text></name>
<questiontext format="html"><text>{1:SHORTANSWER:=Rabat}</text></questiontext></question>
<question type="truefalse"><name><text>القانون 31.13</text></name>
<questiontext format="html"><text><![CDATA[<p>يضمن <b>الحق في المعلومة</b>.</p>]]></text>
</questiontext><answer fraction="100"><text>true</text></answer>
<answer fraction="0"><text>false</text></answer></question>
</quiz>
"""


def test_trainer_writes_a_quiz_of_every_kind_and_a_trainee_takes_it(app, browser, make, tmp_path):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="fr")
    course = make.course("حرية التعبير", language="ar", owner=rania, modules=1, lessons=1)
    make.enrol(make.user("amal", locale="ar"), course)
    trainer = browser(locale="fr", javascript=False)
    sign_in(trainer, "rania")

    page = trainer.goto(f"/teach/courses/{course.id}")
    trainer.click("text=Ajouter un quiz à ce module")
    page.fill("#title", "تحقّق من فهمك")
    page.fill("#pass_mark", "60")
    page.check("#counts-1")  # the last attempt counts
    trainer.click("form input[type=submit]")
    assert "Ajoutez maintenant ses questions" in page.locator(".flash").inner_text()
    quiz_url = page.url

    for number, spec in enumerate(ARABIC, start=1):
        page.select_option("#kind", spec["kind"])
        trainer.click("form.filters button")
        if number == 1:  # a mistake first: the form comes back, with the error on its field
            page.fill("#prompt", spec["prompt"])
            page.fill("[name='choices-0-text']", "نعم")
            trainer.click("#submit")
            assert page.locator("#choices-1-text-error").count() == 0
            assert "au moins 2" in page.locator(".error-summary").inner_text()
            with page.expect_navigation():  # more rows, without a script (the same form)
                page.click("button[name=more][value=choices]")
            assert page.locator("fieldset.row").count() == 7
        _type_question(page, spec)
        with page.expect_navigation():
            page.click("#submit")
        assert page.url.startswith(quiz_url), page.locator(".error-summary").all_inner_texts()
    assert page.locator("ol.questions > li").count() == len(ARABIC)
    assert page.locator("ol.questions [lang=ar]").count() == len(ARABIC)
    # prompts formatted in the list, not raw Markdown
    assert "<strong>التماس</strong>" in page.locator("ol.questions .excerpt").first.inner_html()
    assert "**" not in page.locator("ol.questions").inner_text()
    with page.expect_navigation():  # the course is published: the quiz waited for this
        page.click("button:text('Publier ce quiz')")
    assert "peuvent maintenant passer ce quiz" in page.locator(".flash").inner_text()

    quiz = _quiz(app, int(quiz_url.rsplit("/", 1)[1]))
    assert (quiz.title, quiz.pass_mark, quiz.counts) == ("تحقّق من فهمك", 60, "last")
    trainee = browser(locale="ar", javascript=False)
    sign_in(trainee, "amal")
    page = trainee.goto(f"/courses/{course.id}/quizzes/{quiz.id}")
    trainee.click("form[action$='/start'] button")
    for question in quiz.questions:
        # Each kind's question page is audited in Arabic without JavaScript by
        # test_quizzes.py; the review below shows every kind again, and is audited.
        fill(page, question, right_form(question))
        with page.expect_navigation():
            page.click("button[name=go][value=next]")
    trainee.click("form[action$='/submit'] button")
    assert "(100%)" in page.locator(".result").inner_text()
    assert page.locator("ol.review > li").count() == len(ARABIC)
    # The outline, the new quiz, the quiz, a form per kind and one with errors; for the
    # trainee the quiz, the summary and the review.
    # GIFT import: the shuffling box, audited too
    page = trainer.goto(f"/quizzes/{quiz.id}/gift")
    assert page.locator("#shuffle_choices").is_visible()
    # Moodle XML beside it: one question imported, one reported on its line
    moodle = tmp_path / "banque.xml"
    moodle.write_bytes(MOODLE_XML.encode())
    page.set_input_files("#file", str(moodle))
    trainer.click("main form [type=submit]")
    report = page.locator("section[role=status]").inner_text()
    assert "1 questions ajoutées, 0 remplacées" in report, report
    assert "Ligne 4 : « Cloze » :" in report
    shoot(page, "moodle-xml-import")
    assert len(trainer.audited) == 3 + len(ARABIC) + 3 and len(trainee.audited) == 3


def test_questions_move_with_the_keyboard_with_javascript(app, browser, make):
    rania = make.user("rania", roles=("trainee", "trainer"))
    quiz = make.quiz(make.course(owner=rania, modules=1, lessons=1))
    first, second = quiz.questions[:2]
    trainer = browser(locale="en")
    sign_in(trainer, "rania")
    page = trainer.page
    page.goto(f"/teach/quizzes/{quiz.id}")
    page.focus(f"#question-{first.id} .outline-row > a")
    with page.expect_response(lambda r: r.url.endswith(f"/questions/{first.id}/move")):
        page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#reorder-status")).to_have_text("Moved.")
    assert [q.id for q in _quiz(app, quiz.id).questions][:2] == [second.id, first.id]
