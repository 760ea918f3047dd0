"""Every authoring route × every kind of person: only owners, co-trainers and admins change
a course; only owners and admins manage its trainers or delete it."""

import pytest

from tamkeen import create_app

from ..conftest import app_config

# (method, endpoint, url template): {c} course, {m} module, {l} lesson, {r} revision,
# {i} image, {t} the co-trainer's row, {q} the final quiz, {u} its first question.
COURSE_ROUTES = [
    ("GET", "authoring.course", "/teach/courses/{c}"),
    ("POST", "authoring.course", "/teach/courses/{c}"),
    ("POST", "authoring.publish_course", "/teach/courses/{c}/publish"),
    ("POST", "authoring.unpublish_course", "/teach/courses/{c}/unpublish"),
    ("GET", "authoring.new_module", "/teach/courses/{c}/modules/new"),
    ("POST", "authoring.new_module", "/teach/courses/{c}/modules/new"),
    ("GET", "authoring.module", "/teach/modules/{m}"),
    ("POST", "authoring.module", "/teach/modules/{m}"),
    ("POST", "authoring.move_module", "/teach/modules/{m}/move"),
    ("GET", "authoring.delete_module", "/teach/modules/{m}/delete"),
    ("POST", "authoring.delete_module", "/teach/modules/{m}/delete"),
    ("GET", "authoring.trainers", "/teach/courses/{c}/trainers"),
    ("GET", "authoring.new_lesson", "/teach/modules/{m}/lessons/new"),
    ("POST", "authoring.new_lesson", "/teach/modules/{m}/lessons/new"),
    ("GET", "authoring.lesson", "/teach/lessons/{l}"),
    ("POST", "authoring.lesson", "/teach/lessons/{l}"),
    ("POST", "authoring.publish_lesson", "/teach/lessons/{l}/publish"),
    ("POST", "authoring.move_lesson", "/teach/lessons/{l}/move"),
    ("GET", "authoring.delete_lesson", "/teach/lessons/{l}/delete"),
    ("POST", "authoring.delete_lesson", "/teach/lessons/{l}/delete"),
    ("GET", "authoring.history", "/teach/lessons/{l}/history"),
    ("POST", "authoring.restore", "/teach/lessons/{l}/revisions/{r}/restore"),
    ("POST", "authoring.live_preview", "/teach/courses/{c}/preview"),
    ("GET", "authoring.course_images", "/teach/courses/{c}/images"),
    ("POST", "authoring.course_images", "/teach/courses/{c}/images"),
    ("POST", "authoring.delete_image", "/teach/images/{i}/delete"),
    ("GET", "authoring.export", "/teach/courses/{c}/export"),
    ("GET", "authoring.duplicate", "/teach/courses/{c}/duplicate"),
    ("POST", "authoring.duplicate", "/teach/courses/{c}/duplicate"),
    ("GET", "authoring.new_module_quiz", "/teach/modules/{m}/quiz/new"),
    ("POST", "authoring.new_module_quiz", "/teach/modules/{m}/quiz/new"),
    ("GET", "authoring.new_final_quiz", "/teach/courses/{c}/final-quiz/new"),
    ("POST", "authoring.new_final_quiz", "/teach/courses/{c}/final-quiz/new"),
    ("GET", "authoring.quiz", "/teach/quizzes/{q}"),
    ("POST", "authoring.quiz", "/teach/quizzes/{q}"),
    ("POST", "authoring.publish_quiz", "/teach/quizzes/{q}/publish"),
    ("GET", "authoring.new_question", "/teach/quizzes/{q}/questions/new?kind=true_false"),
    ("POST", "authoring.new_question", "/teach/quizzes/{q}/questions/new?kind=true_false"),
    ("GET", "authoring.question", "/teach/questions/{u}"),
    ("POST", "authoring.question", "/teach/questions/{u}"),
    ("POST", "authoring.move_question", "/teach/questions/{u}/move"),
    ("GET", "authoring.delete_question", "/teach/questions/{u}/delete"),
    ("POST", "authoring.delete_question", "/teach/questions/{u}/delete"),
    ("GET", "authoring.delete_quiz", "/teach/quizzes/{q}/delete"),
    ("POST", "authoring.delete_quiz", "/teach/quizzes/{q}/delete"),
]
# The quiz engine's pages for trainers (issue 3), linked from the quiz editor: a trainer of
# another course may see that a published course's quiz exists (403, not 404).
QUIZ_TOOL_ROUTES = [
    ("GET", "quizzes.statistics", "/quizzes/{q}/statistics"),
    ("GET", "quizzes.gift", "/quizzes/{q}/gift"),
    ("POST", "quizzes.gift", "/quizzes/{q}/gift"),
    ("GET", "quizzes.export_gift", "/quizzes/{q}/gift/export"),
]
OWNER_ROUTES = [
    ("GET", "authoring.delete_course", "/teach/courses/{c}/delete"),
    ("POST", "authoring.delete_course", "/teach/courses/{c}/delete"),
    ("POST", "authoring.trainers", "/teach/courses/{c}/trainers"),
    ("POST", "authoring.remove_trainer", "/teach/courses/{c}/trainers/{t}/remove"),
]
GLOBAL_ROUTES = [
    ("GET", "authoring.workspace", "/teach/"),
    ("GET", "authoring.new_course", "/teach/courses/new"),
    ("POST", "authoring.new_course", "/teach/courses/new"),
    ("GET", "authoring.import_package", "/teach/import"),
    ("POST", "authoring.import_package", "/teach/import"),
    ("GET", "authoring.markdown_help", "/teach/markdown"),
]
PEOPLE = ["trainee", "organizer", "stranger", "co", "owner", "admin"]
# What each person gets: "ok" (anything but 403/404), or the refusal.
EXPECTED = {
    "course": {"trainee": 403, "organizer": 403, "stranger": 404, "co": "ok", "owner": "ok",
               "admin": "ok"},
    "owner": {"trainee": 403, "organizer": 403, "stranger": 404, "co": 403, "owner": "ok",
              "admin": "ok"},
    "global": {"trainee": 403, "organizer": 403, "stranger": "ok", "co": "ok", "owner": "ok",
               "admin": "ok"},
    "quiz tools": {"trainee": 403, "organizer": 403, "stranger": 403, "co": "ok",
                   "owner": "ok", "admin": "ok"},
}  # fmt: skip
DESTRUCTIVE_LAST = [
    "authoring.delete_image", "authoring.remove_trainer", "authoring.delete_question",
    "authoring.delete_quiz", "authoring.delete_lesson", "authoring.delete_module",
    "authoring.delete_course",
]  # fmt: skip


def _in_safe_order():
    """Every route with its kind; deletions last, so each request finds what it needs."""
    groups = {
        "course": COURSE_ROUTES, "owner": OWNER_ROUTES, "global": GLOBAL_ROUTES,
        "quiz tools": QUIZ_TOOL_ROUTES,
    }  # fmt: skip
    routes = [(kind, route) for kind, group in groups.items() for route in group]

    def rank(item):
        _kind, (method, endpoint, _url) = item
        last = method == "POST" and endpoint in DESTRUCTIVE_LAST
        return DESTRUCTIVE_LAST.index(endpoint) + 1 if last else 0

    return sorted(routes, key=rank)


def test_the_matrix_covers_every_authoring_route():
    app = create_app(app_config("sqlite://", None))
    in_app = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("authoring.")
        for method in rule.methods & {"GET", "POST"}
    }
    covered = {(m, e) for m, e, _u in COURSE_ROUTES + OWNER_ROUTES + GLOBAL_ROUTES}
    assert in_app == covered


@pytest.mark.parametrize("person", PEOPLE)
def test_each_authoring_route_answers_each_person_as_the_rules_say(
    client, auth, world, audit_count, person
):
    auth.login(getattr(world, person).username)
    wrong = []
    for kind, (method, endpoint, template) in _in_safe_order():
        url = template.format(
            c=world.course.id, m=world.module.id, l=world.lesson.id, r=world.ids.revision,
            i=world.ids.image, t=world.ids.co_row, q=world.ids.quiz, u=world.ids.question,
        )  # fmt: skip
        before = audit_count()
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post_form(url, {"direction": "down", "body": "x", "confirm": "y"})
        expected = EXPECTED[kind][person]
        if expected == "ok" and response.status_code in (403, 404):
            wrong.append((method, endpoint, response.status_code))
        elif expected != "ok" and (response.status_code != expected or audit_count() != before):
            wrong.append((method, endpoint, response.status_code, "changed?"))
    assert wrong == []
