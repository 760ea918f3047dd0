"""The quiz editor: a module's quiz or the course's final quiz, its settings, its questions.

Forms are checked by the quiz engine's own readers (quiz_forms.py). A question trainees
have answered keeps the version they answered (quizzes/bank.py); deleting a quiz deletes
its attempts only after the trainer confirmed it, and deleting an answered question
leaves it to the attempts that hold it.
"""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..learning.models import Course, Module
from ..quizzes import editing
from ..quizzes.kinds import KINDS
from ..quizzes.models import Question, Quiz
from ..quizzes.spec import question_to_spec
from ..web import ActionForm, render_form
from .forms import ConfirmDeleteForm, ConfirmRemoveForm, MoveForm
from .question_forms import KIND_FORMS
from .quiz_forms import QuizForm
from .views import bp, editable, editor_url, trainer_required


def _question(question_id: int) -> Question:
    question = editable(Question, question_id)
    if question.is_retired:  # kept for the attempts that hold it; no longer edited
        abort(404)
    return question


def quiz_url(quiz: Quiz, anchor: str = "") -> str:
    return url_for("authoring.quiz", quiz_id=quiz.id) + anchor


def _new_quiz(course: Course, module: Module | None):
    existing = editing.quiz_of(course, module)
    if existing is not None:
        return redirect(quiz_url(existing))
    form = QuizForm().in_language(course.language)
    if form.is_submitted():
        settings = form.checked_settings(question_count=0)
        if settings is not None:
            quiz = editing.create_quiz(course, module, settings, by=current_user)
            flash(_("The quiz is saved. Now add its questions."), "success")
            return redirect(quiz_url(quiz))
    return render_form("authoring/quiz_new.html", form, course=course, module=module)


@bp.route("/modules/<int:module_id>/quiz/new", methods=["GET", "POST"])
@trainer_required
def new_module_quiz(module_id: int):
    module = editable(Module, module_id)
    return _new_quiz(module.course, module)


@bp.route("/courses/<int:course_id>/final-quiz/new", methods=["GET", "POST"])
@trainer_required
def new_final_quiz(course_id: int):
    return _new_quiz(editable(Course, course_id), None)


@bp.route("/quizzes/<int:quiz_id>", methods=["GET", "POST"])
@trainer_required
def quiz(quiz_id: int):
    quiz = editable(Quiz, quiz_id)
    form = QuizForm(data=QuizForm.data_of(quiz)).in_language(quiz.course.language)
    if form.is_submitted():
        settings = form.checked_settings(question_count=len(quiz.questions))
        if settings is not None:
            editing.update_quiz(quiz, settings, by=current_user)
            flash(_("The quiz is saved."), "success")
            return redirect(quiz_url(quiz))
    return render_form(
        "authoring/quiz.html",
        form,
        quiz=quiz,
        course=quiz.course,
        kinds=KINDS,
        answered=editing.questions_answered(quiz),
        stakes=editing.attempts_at_stake(quiz_id=quiz.id),
        action_form=ActionForm(),
    )


@bp.route("/quizzes/<int:quiz_id>/publish", methods=["POST"])
@trainer_required
def publish_quiz(quiz_id: int):
    quiz = editable(Quiz, quiz_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if editing.publish_quiz(quiz, by=current_user):
        flash(_("Published: trainees can now take this quiz."), "success")
    elif not quiz.is_published:
        flash(_("Add a question first: trainees cannot take a quiz without one."), "error")
    return redirect(quiz_url(quiz))


@bp.route("/quizzes/<int:quiz_id>/delete", methods=["GET", "POST"])
@trainer_required
def delete_quiz(quiz_id: int):
    quiz = editable(Quiz, quiz_id)
    stakes = editing.attempts_at_stake(quiz_id=quiz.id)
    form = ConfirmDeleteForm(needs_confirmation=stakes.any)
    if form.validate_on_submit():
        course = quiz.course
        editing.delete_quiz(quiz, by=current_user)
        flash(_("Deleted."), "success")
        return redirect(editor_url(course))
    return render_form("authoring/quiz_delete.html", form, quiz=quiz, stakes=stakes)


# -- questions ---------------------------------------------------------------------------


def _question_page(form, quiz: Quiz, question: Question | None, status: int | None = None):
    page, default = render_form(
        "authoring/question.html",
        form,
        quiz=quiz,
        course=quiz.course,
        question=question,
        kind=KINDS[form.kind],
        stakes=editing.answers_to(question) if question else None,
    )
    return page, status or default


def _check_name(form, quiz: Quiz, question: Question | None = None) -> bool:
    if editing.name_taken(quiz, form.name.data, exclude=question):
        form.name.errors = [
            *form.name.errors,
            _("Two questions have the name %(name)s.", name=form.name.data),
        ]
        return False
    return True


@bp.route("/quizzes/<int:quiz_id>/questions/new", methods=["GET", "POST"])
@trainer_required
def new_question(quiz_id: int):
    quiz = editable(Quiz, quiz_id)
    kind = request.args.get("kind", "")
    if kind not in KIND_FORMS:
        abort(404)
    form = KIND_FORMS[kind](kind=kind, language=quiz.course.language, blank_rows=4)
    if request.method == "POST" and form.wants_more_rows():
        return _question_page(form, quiz, None, 200)
    if form.is_submitted():
        spec = form.checked_question()
        # The same question sent again (a double click) is not a second one with its name.
        if spec is not None and (editing.already_in(quiz, spec) or _check_name(form, quiz)):
            question = editing.add_question(quiz, spec, by=current_user)
            flash(_("The question is added."), "success")
            return redirect(quiz_url(quiz, f"#question-{question.id}"))
    return _question_page(form, quiz, None)


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@trainer_required
def question(question_id: int):
    question = _question(question_id)
    quiz = question.quiz
    form_class = KIND_FORMS[question.kind]
    spec = question_to_spec(
        question.kind, question.prompt, question.data,
        name=question.name, points=question.points, feedback=question.feedback,
    )  # fmt: skip
    data = None if request.method == "POST" else form_class.data_from_spec(spec)
    form = form_class(kind=question.kind, language=quiz.course.language, data=data)
    if request.method == "POST" and form.wants_more_rows():
        return _question_page(form, quiz, question, 200)
    if form.is_submitted():
        new = form.checked_question()
        if new is not None and _check_name(form, quiz, question):
            saved = editing.update_question(question, new, by=current_user)
            if saved is question:
                flash(_("The question is saved."), "success")
            else:
                flash(
                    _(
                        "The question is saved as a new version. Attempts that answered the "
                        "old one keep it; new attempts get this one."
                    ),
                    "success",
                )
            return redirect(quiz_url(quiz, f"#question-{saved.id}"))
    return _question_page(form, quiz, question)


@bp.route("/questions/<int:question_id>/move", methods=["POST"])
@trainer_required
def move_question(question_id: int):
    question = _question(question_id)
    form = MoveForm()
    if not form.validate_on_submit() or (form.direction.data or form.position.data) is None:
        abort(400)
    editing.move_question(
        question,
        direction=form.direction.data or None,
        position=form.position.data,
        by=current_user,
    )
    if request.accept_mimetypes.best == "application/json":
        return {"ok": True}
    return redirect(quiz_url(question.quiz, f"#question-{question.id}"))


@bp.route("/questions/<int:question_id>/delete", methods=["GET", "POST"])
@trainer_required
def delete_question(question_id: int):
    question = _question(question_id)
    quiz = question.quiz
    if editing.is_last_for_trainees(question):
        flash(_("Trainees take this quiz: it keeps at least one question. Add another "
                "question first, or delete the quiz."), "error")  # fmt: skip
        return redirect(quiz_url(quiz, f"#question-{question.id}"))
    stakes = editing.answers_to(question)
    form = ConfirmRemoveForm(needs_confirmation=stakes.any)
    if form.validate_on_submit():
        editing.delete_question(question, by=current_user)
        flash(_("Deleted."), "success")
        return redirect(quiz_url(quiz))
    return render_form(
        "authoring/question_delete.html", form, question=question, quiz=quiz, stakes=stakes
    )
