"""A trainer writes quizzes in the browser, without JavaScript: settings, questions of every
kind, their order; every form checked by the quiz engine itself, errors on their fields."""

import pytest

from tamkeen.authoring.question_forms import KIND_FORMS
from tamkeen.extensions import db
from tamkeen.quizzes.kinds import KINDS
from tamkeen.quizzes.models import Question, Quiz
from tamkeen.quizzes.spec import question_to_spec

from ..factories import EVERY_KIND, read_specs
from .editor import editor_fields, new_question, questions_of

SETTINGS = {
    "title": "Check your understanding", "pass_mark": "80", "max_attempts": "3",
    "time_limit_minutes": "20", "draw": "", "shuffle_questions": "y", "shuffle_choices": "y",
    "feedback": "after_pass", "counts": "last",
}  # fmt: skip


def _stored(question) -> dict:
    return question_to_spec(
        question.kind, question.prompt, question.data,
        name=question.name, points=question.points, feedback=question.feedback,
    )  # fmt: skip


def test_every_kind_of_question_has_an_editor():
    assert set(KIND_FORMS) == set(KINDS)


def test_trainer_adds_a_module_quiz_with_every_setting(app, client, make, auth, rania):
    course = make.course(owner=rania, modules=2)
    auth.login("rania")
    module = course.modules[1]
    assert "Add a quiz to this module" in client.get(f"/teach/courses/{course.id}").text
    response = client.post_form(f"/teach/modules/{module.id}/quiz/new", SETTINGS)
    assert response.status_code == 302
    quiz = make.get(Quiz, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (quiz.course_id, quiz.module_id, quiz.title) == (course.id, module.id, SETTINGS["title"])
    assert (quiz.pass_mark, quiz.max_attempts, quiz.time_limit_minutes, quiz.draw) == (
        80, 3, 20, None
    )  # fmt: skip
    assert quiz.shuffle_questions and quiz.shuffle_choices
    assert (quiz.feedback, quiz.counts) == ("after_pass", "last")
    page = client.get(f"/teach/quizzes/{quiz.id}").text
    assert f"/quizzes/{quiz.id}/gift" in page and f"/quizzes/{quiz.id}/statistics" in page
    assert "Check your understanding" in client.get(f"/teach/courses/{course.id}").text


def test_final_quiz_settings_change_and_a_second_quiz_is_not_made(app, client, make, auth, rania):
    course = make.course(owner=rania)
    auth.login("rania")
    url = f"/teach/courses/{course.id}/final-quiz/new"
    first = client.post_form(
        url, {"pass_mark": "70", "feedback": "after_attempt", "counts": "best"}
    )
    again = client.post_form(url, {"pass_mark": "50", "feedback": "never", "counts": "best"})
    assert first.headers["Location"] == again.headers["Location"]  # a double click: one quiz
    assert make.count(Quiz) == 1
    quiz_url = first.headers["Location"]
    client.post_form(quiz_url, {**SETTINGS, "shuffle_questions": "", "title": "Final"})
    with app.app_context():
        quiz = db.session.scalar(db.select(Quiz))
        assert quiz.is_final and quiz.title == "Final" and not quiz.shuffle_questions


def test_quiz_settings_errors_are_on_their_fields_in_french_and_save_nothing(
    app, client, make, auth
):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="fr")
    course = make.course(owner=rania)
    quiz = make.quiz(course, questions=EVERY_KIND[:2])
    auth.login("rania")
    response = client.post_form(
        f"/teach/quizzes/{quiz.id}",
        {**SETTINGS, "pass_mark": "150", "max_attempts": "deux", "time_limit_minutes": "2.5",
         "draw": "5", "feedback": "sometimes"},
    )  # fmt: skip
    page = response.text
    assert response.status_code == 422
    assert "Note de passage, en pourcentage doit être compris entre 0 et 100." in page
    for message in ["Saisissez un nombre", "nombre entier", "mais le quiz en a 2"]:
        assert message in page, message
    assert 'id="pass_mark-error"' in page and 'id="draw-error"' in page
    assert make.get(Quiz, quiz.id).pass_mark == 70


def test_trainer_writes_a_question_of_every_kind(app, client, make, auth, rania):
    course = make.course(owner=rania)
    quiz = make.quiz(course, questions=[])
    auth.login("rania")
    for spec in EVERY_KIND:
        page = client.get(f"/teach/quizzes/{quiz.id}/questions/new?kind={spec['kind']}")
        assert (
            page.status_code == 200
            and "Add more rows" in page.text
            or spec["kind"] == ("true_false")
        )
        response = new_question(client, quiz.id, spec)
        assert response.status_code == 302, response.text[:3000]
    stored = questions_of(app, quiz.id)
    expected = read_specs(EVERY_KIND)
    assert [(q.kind, q.name, q.prompt, q.data, q.points, q.feedback) for q in stored] == [
        (s.kind, s.name, s.prompt, s.data, s.points, s.feedback) for s in expected
    ]


def test_editing_a_question_shows_it_as_saved_and_saving_it_changes_nothing(
    app, client, make, auth, rania
):
    course = make.course(owner=rania)
    quiz = make.quiz(course)
    auth.login("rania")
    for question in quiz.questions:
        page = client.get(f"/teach/questions/{question.id}").text
        assert question.prompt.replace('"', "&#34;") in page or question.prompt in page
        response = client.post_form(
            f"/teach/questions/{question.id}", editor_fields(_stored(question))
        )
        assert response.status_code == 302
    after = questions_of(app, quiz.id, retired=True)
    assert [(q.id, q.data) for q in after] == [(q.id, q.data) for q in quiz.questions]


def test_more_rows_come_without_javascript_and_nothing_is_saved(client, make, auth, rania):
    course = make.course(owner=rania)
    quiz = make.quiz(course, questions=[])
    auth.login("rania")
    url = f"/teach/quizzes/{quiz.id}/questions/new?kind=matching"
    assert client.get(url).text.count('name="pairs-') == 4 * 2
    fields = editor_fields(EVERY_KIND[5])
    response = client.post_form(url, {**fields, "more": "pairs"})
    page = response.text
    assert response.status_code == 200
    assert 'name="pairs-4-prompt"' in page and "Law 31-13" in page  # 2 typed + 3 more
    assert make.count(Question) == 0


@pytest.mark.parametrize(
    ("spec", "where", "message"),
    [
        ({"kind": "single_choice", "prompt": "Q", "choices": [
            {"text": "a", "correct": True}, {"text": "b", "correct": True}]},
         "choices-error", "exactly one correct choice"),
        ({"kind": "multiple_response", "prompt": "Q", "choices": [
            {"text": "a", "weight": 50, "correct": True}, {"text": "b"}]},
         "choices-0-error", "add up to 100"),
        ({"kind": "true_false", "prompt": "Q"}, "answer-error", "true or false"),
        ({"kind": "short_answer", "prompt": "Q", "answers": [{"text": "x", "weight": 50}]},
         "answers-error", "worth 100"),
        ({"kind": "numeric", "prompt": "Q", "answers": [{"value": "trente"}]},
         "answers-0-value-error", "Enter a number"),
        ({"kind": "matching", "prompt": "Q", "pairs": [{"prompt": "a", "match": "b"}]},
         "pairs-error", "at least 2"),
        ({"kind": "ordering", "prompt": "", "items": ["a", "a"]}, "prompt-error",
         "Fill in this field"),
        ({"kind": "ordering", "prompt": "Q", "items": ["a", "a"]}, "items-1-error",
         "appears twice"),
        ({"kind": "matching", "prompt": "Q", "pairs": [{"prompt": "a", "match": "b"},
          {"prompt": "c"}]}, "pairs-1-match-error", "Fill in this field"),
        ({"kind": "single_choice", "prompt": "Q", "points": "0", "choices": [
            {"text": "a", "correct": True}, {"text": "b"}]}, "points-error", "from 0.01"),
        ({"kind": "ordering", "prompt": "Q" * 10_001, "items": ["a", "b"]}, "prompt-error",
         "longer than 10000"),
        ({"kind": "short_answer", "prompt": "Q", "answers": [{"text": "x" * 2001}]},
         "answers-0-text-error", "longer than 2000"),
    ],
)  # fmt: skip
def test_question_errors_land_on_their_field_and_nothing_is_saved(
    client, make, auth, rania, spec, where, message
):
    course = make.course(owner=rania)
    quiz = make.quiz(course, questions=[])
    auth.login("rania")
    response = new_question(client, quiz.id, spec)
    page = response.text
    assert response.status_code == 422
    assert f'id="{where}"' in page, page[page.find("error-summary") :][:1500]
    assert message in page
    assert f'href="#{where.removesuffix("-error")}"' in page  # the summary leads to it
    assert make.count(Question) == 0


def test_question_errors_are_in_the_trainers_language(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    quiz = make.quiz(make.course(owner=rania), questions=[])
    auth.login("rania")
    response = new_question(
        client, quiz.id, {"kind": "single_choice", "prompt": "", "choices": [{"text": "a"}]}
    )
    page = response.text
    assert response.status_code == 422
    assert "الخيار 1، النص: املأ هذا الحقل." not in page  # the first choice has its text
    assert "السؤال (Markdown): املأ هذا الحقل." in page
    assert "يجب أن يكون الخيارات قائمة من 2 عناصر على الأقل." in page
    assert make.count(Question) == 0


def test_a_question_sent_twice_is_added_once(client, make, auth, rania):
    quiz = make.quiz(make.course(owner=rania), questions=[])
    auth.login("rania")
    for spec in EVERY_KIND:
        first = new_question(client, quiz.id, spec)
        again = new_question(client, quiz.id, spec)
        assert first.status_code == again.status_code == 302, spec["kind"]
        assert first.headers["Location"] == again.headers["Location"]
    assert make.count(Question) == len(EVERY_KIND)


def test_two_questions_of_a_quiz_cannot_share_a_name(client, make, auth, rania):
    quiz = make.quiz(make.course(owner=rania))
    auth.login("rania")
    response = new_question(client, quiz.id, {**EVERY_KIND[0], "name": "opinion"})
    assert response.status_code == 422 and "Two questions have the name opinion" in response.text
    assert make.count(Question) == len(EVERY_KIND)


def test_questions_move_up_and_down_and_to_a_position(app, client, make, auth, rania):
    quiz = make.quiz(make.course(owner=rania))
    auth.login("rania")
    first, second, third = (q.id for q in quiz.questions[:3])
    assert (
        client.post_form(f"/teach/questions/{first}/move", {"direction": "down"}).status_code == 302
    )
    assert [q.id for q in questions_of(app, quiz.id)][:3] == [second, first, third]
    response = client.post_form(
        f"/teach/questions/{third}/move", {"position": "1"}, headers={"Accept": "application/json"}
    )
    assert response.json == {"ok": True}
    order = questions_of(app, quiz.id)
    assert [q.id for q in order][:3] == [third, second, first]
    assert [q.position for q in order] == list(range(1, len(EVERY_KIND) + 1))
    assert client.post_form(f"/teach/questions/{first}/move").status_code == 400


def test_tampered_and_unknown_ids_answer_404(client, make, auth, rania):
    quiz = make.quiz(make.course(owner=rania))
    auth.login("rania")
    assert client.get(f"/teach/quizzes/{quiz.id}/questions/new?kind=poll").status_code == 404
    for url in ["/teach/quizzes/999", "/teach/questions/999", "/teach/questions/999/delete",
                "/teach/modules/999/quiz/new", "/teach/courses/999/final-quiz/new"]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post_form("/teach/questions/999/move", {"direction": "up"}).status_code == 404


def test_quiz_editor_takes_the_same_queries_for_more_questions(
    client, make, auth, rania, count_queries
):
    course = make.course(owner=rania, modules=2)
    small = make.quiz(course, questions=EVERY_KIND[:2])
    big = make.quiz(course, course.modules[1], questions=EVERY_KIND + [
        {**spec, "name": f"{spec['name']}-again"} for spec in EVERY_KIND
    ])  # fmt: skip
    auth.login("rania")
    client.get(f"/teach/quizzes/{small.id}")
    with count_queries() as few:
        client.get(f"/teach/quizzes/{small.id}")
    with count_queries() as many:
        page = client.get(f"/teach/quizzes/{big.id}").text
    assert many.count == few.count
    assert page.count('<li id="question-') == 2 * len(EVERY_KIND)


def test_outline_shows_quizzes_in_the_same_number_of_queries(
    client, make, auth, rania, count_queries
):
    small = make.course(owner=rania, modules=1, lessons=1)
    big = make.course(owner=rania, modules=4, lessons=3)
    make.quiz(small)
    for module in big.modules:
        make.quiz(big, module)
    make.quiz(big, final=True)
    auth.login("rania")
    client.get(f"/teach/courses/{small.id}")
    with count_queries() as few:
        client.get(f"/teach/courses/{small.id}")
    with count_queries() as many:
        page = client.get(f"/teach/courses/{big.id}").text
    assert many.count == few.count
    assert page.count("7 questions") == 5 and "Add a final assessment" not in page


def test_the_question_list_shows_prompts_formatted_not_raw_markdown(app, client, make, auth, rania):
    course = make.course(owner=rania)
    question = {
        "kind": "short_answer",
        "prompt": "Name the **activity**: \\_\\_\\_\\_\\_ <script>x()</script>",
        "answers": [{"text": "training"}],
    }
    quiz = make.quiz(course, questions=[question])
    auth.login("rania")
    page = client.get(f"/teach/quizzes/{quiz.id}").text
    assert "Name the <strong>activity</strong>: _____" in page
    assert "**activity**" not in page and "\\_" not in page and "<script>x()" not in page


@pytest.mark.parametrize(
    ("locale", "words"),
    [("ar", ["نقطتان", "0.5 نقطة"]), ("fr", ["2 points", "0,5 points"]), ("en", ["2 points"])],
)
def test_question_list_counts_points_in_the_trainers_language(
    app, client, make, auth, locale, words
):
    rania = make.user("rania", roles=("trainee", "trainer"), locale=locale)
    course = make.course(owner=rania, modules=1)
    quiz = make.quiz(course, questions=EVERY_KIND[:2])
    with app.app_context():
        first, second = (db.session.get(Question, q.id) for q in quiz.questions)
        first.points, second.points = 2, 0.5
        db.session.commit()
    auth.login("rania")
    page = client.get(f"/teach/quizzes/{quiz.id}").text
    for each in words:
        assert each in page
