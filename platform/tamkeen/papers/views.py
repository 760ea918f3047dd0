"""The library's pages: the public list, a paper's page and download, and publishing."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import role_required
from ..extensions import db
from ..i18n import chosen_language, default_content_filter
from ..web import get_or_404, render_form, send_download
from . import services
from .forms import LibraryFilterForm, PaperForm
from .models import PolicyPaper
from .uploads import UploadRefused

bp = Blueprint("papers", __name__)

PUBLISHERS = ("trainer", "organizer", "admin")
# A day: a paper changes rarely, and a changed paper gets a new ETag anyway.
DOWNLOAD_MAX_AGE = 86_400


@bp.route("/papers")
def library():
    form = LibraryFilterForm(request.args, language=default_content_filter())
    valid = form.validate()
    language = chosen_language(form.language.data) if valid else None
    query = services.library_query(
        topic=form.topic.data if valid else None,
        language=language,
        q=form.q.data if valid else None,
    )
    page = db.paginate(query, per_page=services.PAPERS_PER_PAGE, error_out=False)
    filters = {k: v for k, v in request.args.items() if k in ("q", "topic", "language") and v}
    return render_template(
        "papers/library.html", form=form, page=page, filters=filters, language=language
    )


@bp.route("/papers/<int:paper_id>")
def paper(paper_id: int):
    paper = get_or_404(PolicyPaper, paper_id)
    counts = None
    if current_user.is_authenticated and current_user.has_role(*PUBLISHERS):
        counts = services.download_counts(paper)
    body, outline = services.paper_text(paper) or (None, [])
    return render_template(
        "papers/paper.html", paper=paper, counts=counts, body=body, outline=outline
    )


@bp.route("/papers/<int:paper_id>/download")
def download(paper_id: int):
    paper = get_or_404(PolicyPaper, paper_id)
    path = services.paper_pdf(paper)
    response = send_download(
        path, f"paper-{paper.id}-{paper.language}.pdf", public=True, max_age=DOWNLOAD_MAX_AGE
    )
    # Count whole downloads only: not a resumed range, not a "not modified" check.
    if response.status_code == 200 and request.method == "GET":
        services.record_download(paper)
    return response


def _publish(paper: PolicyPaper | None):
    form = PaperForm(obj=paper, has_file=bool(paper and paper.is_uploaded))
    if request.method == "GET" and paper is not None:
        form.authors.data = ", ".join(paper.authors)
    if form.validate_on_submit():
        try:
            saved = services.save_paper(
                paper,
                by=current_user,
                fields=form.paper_fields(),
                body=form.body.data,
                upload=form.upload(),
            )
        except UploadRefused as refused:
            form.pdf.errors.append(refused.reason)
        else:
            flash(_("The paper is published."), "success")
            return redirect(url_for("papers.paper", paper_id=saved.id))
    return render_form("papers/edit.html", form, paper=paper)


@bp.route("/papers/new", methods=["GET", "POST"])
@role_required(*PUBLISHERS)
def new():
    return _publish(None)


@bp.route("/papers/<int:paper_id>/edit", methods=["GET", "POST"])
@role_required(*PUBLISHERS)
def edit(paper_id: int):
    return _publish(get_or_404(PolicyPaper, paper_id))
