"""The page's own words inside content in another language carry the page's language.

An Arabic course on an English page reads right-to-left; the words the platform adds in it
("(quiz)", "Passed", "Completed", "your answer") are English and must say so, or a screen
reader speaks them with an Arabic voice and they are laid out right-to-left. The quiz
macros once wrote ``lang="" dir=""`` there, because they were imported without the page's
context, and a lesson's "Completed" mark had a ``lang`` and no ``dir``.
"""

from ..factories import EVERY_KIND
from ..quizzes.helpers import right_form, take

TRUE_FALSE = [question for question in EVERY_KIND if question["kind"] == "true_false"]


def test_the_platforms_words_in_an_arabic_course_are_marked_english(client, make, auth):
    trainee = make.user("amal")
    course = make.course("الحق في التعبير", language="ar", modules=1, lessons=1)
    quiz = make.quiz(course, questions=TRUE_FALSE)
    make.enrol(trainee, course)
    make.complete(trainee, course.modules[0].lessons[0])
    auth.login("amal")
    attempt_id = take(client, quiz, right_form)

    english = {"Accept-Language": "en"}
    contents = client.get(f"/courses/{course.id}", headers=english).get_data(as_text=True)
    assert '<span class="meta" lang="en" dir="ltr">(quiz)</span>' in contents
    assert (
        '<span class="done" lang="en" dir="ltr"><span aria-hidden="true">✓</span> Passed'
        in contents
    )
    assert (
        '<span class="done" lang="en" dir="ltr"><span aria-hidden="true">✓</span> Completed'
        in contents
    )
    review = client.get(f"/attempts/{attempt_id}", headers=english).get_data(as_text=True)
    assert '<span class="mark" lang="en" dir="ltr">your answer</span>' in review
    for page in (contents, review):
        assert 'lang=""' not in page and 'dir=""' not in page
