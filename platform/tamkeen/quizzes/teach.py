"""Trainers' quiz pages: statistics, GIFT and Moodle XML import, GIFT export.

Who may open them is the course's edit policy (``can_edit``), asked through the quiz: today
administrators; trainers once course ownership exists, without a change here.
"""

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can_edit, can_view, role_required
from ..web import get_or_404, render_form
from .bank import gift_shuffles_by_default, import_gift, import_moodle_xml, quiz_as_gift
from .forms import GiftUploadForm, StatisticsForm
from .kinds import KINDS
from .models import Quiz
from .moodle_xml import Refused
from .statistics import quiz_statistics
from .views import bp


def _editable_quiz(quiz_id: int) -> Quiz:
    quiz = get_or_404(Quiz, quiz_id)
    if not can_view(current_user, quiz):
        abort(404)
    if not can_edit(current_user, quiz):
        abort(403)
    return quiz


@bp.route("/quizzes/<int:quiz_id>/statistics")
@role_required("trainer", "admin")
def statistics(quiz_id: int):
    quiz = _editable_quiz(quiz_id)
    form = StatisticsForm(request.args)
    which = form.attempts.data if form.validate() else "first"
    return render_template(
        "quizzes/statistics.html",
        quiz=quiz,
        form=form,
        stats=quiz_statistics(quiz, which),
        kinds=KINDS,
    )


@bp.route("/quizzes/<int:quiz_id>/gift", methods=["GET", "POST"])
@role_required("trainer", "admin")
def gift(quiz_id: int):
    """Import a GIFT or a Moodle XML file (told apart by name and content), export GIFT."""
    quiz = _editable_quiz(quiz_id)
    form = GiftUploadForm(data={"shuffle_choices": gift_shuffles_by_default(quiz)})
    if form.validate_on_submit():
        raw, shuffle = form.data_read(), form.shuffle_choices.data
        result = None
        if form.is_moodle_xml(raw):
            try:
                result, added, replaced = import_moodle_xml(
                    quiz, raw, by=current_user, shuffle_choices=shuffle
                )
            except Refused as refusal:
                form.file.errors = [_("Nothing was imported: %(why)s", why=refusal.args[0])]
        elif (text := form.text(raw)) is not None:
            result, added, replaced = import_gift(
                quiz, text, by=current_user, shuffle_choices=shuffle
            )
        if result is not None:
            status = 422 if result.errors else 200
            return render_template(
                "quizzes/gift.html",
                quiz=quiz,
                form=GiftUploadForm(formdata=None, data={"shuffle_choices": quiz.shuffle_choices}),
                result=result,
                added=added,
                replaced=replaced,
            ), status
    return render_form("quizzes/gift.html", form, quiz=quiz, result=None)


@bp.route("/quizzes/<int:quiz_id>/gift/export")
@role_required("trainer", "admin")
def export_gift(quiz_id: int):
    quiz = _editable_quiz(quiz_id)
    response = Response(quiz_as_gift(quiz), mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="quiz-{quiz.id}.gift"'
    response.headers["Content-Security-Policy"] = "sandbox"
    return response
