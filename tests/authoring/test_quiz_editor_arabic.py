"""The quiz editor as a trainer reads it in Arabic: the question list's details separated by
the Arabic comma, points as typed ("2", not "2.0"), and rows of one field (an ordering
item) named by their legend alone on screen."""

import re

from .helpers import ARABIC


def test_the_quiz_editor_reads_right_in_arabic(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    course = make.course("حرية التعبير", language="ar", owner=rania, modules=1, lessons=1)
    quiz = make.quiz(course, questions=ARABIC)
    auth.login("rania")
    page = client.get(f"/teach/quizzes/{quiz.id}").get_data(as_text=True)
    assert "اختيار واحد، نقطتان" in page and "اختيار واحد," not in page

    first, ordering = quiz.questions[0], quiz.questions[-1]
    page = client.get(f"/teach/questions/{first.id}").get_data(as_text=True)
    assert re.search(r'name="points"[^>]*value="2"', page)
    assert 'fieldset class="row"' in page and "row single" not in page  # choices: 4 fields
    page = client.get(f"/teach/questions/{ordering.id}").get_data(as_text=True)
    assert page.count('fieldset class="row single"') >= 3
    assert re.search(r'name="points"[^>]*value="1"', page)
