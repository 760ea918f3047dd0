"""The person's notices: what Tamkeen had to tell them, and the button that marks them seen."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..web import ActionForm
from . import notices
from .forms import SeenNoticesForm
from .views import bp


@bp.route("/notices")
@login_required
def notice_list():
    page = db.paginate(
        notices.notices_query(current_user),
        page=request.args.get("page", 1, type=int),
        per_page=notices.PER_PAGE,
        error_out=False,
    )
    unseen = [notice.id for notice in page.items if notice.seen_at is None]
    form = SeenNoticesForm(data={"up_to": max(unseen, default=0)})
    return render_template(
        "accounts/notices.html",
        page=page,
        form=form if unseen else None,
        open_subjects=notices.open_subjects(current_user, page.items),
        text_of=notices.text_of,
        link_of=notices.link_of,
        kinds=notices.KINDS,
        action_form=ActionForm(),
    )


@bp.route("/notices/seen", methods=["POST"])
@login_required
def mark_notices_seen():
    form = SeenNoticesForm()
    if not form.validate_on_submit():
        abort(400)
    notices.mark_seen(current_user, form.up_to.data)
    return redirect(url_for("accounts.notice_list"))
