"""A course's facilitator guide: how to run it as a workshop, as a printable PDF.

The guide is a Markdown file of the course package (``facilitator_guide`` in course.yaml),
stored as it came (``FacilitatorGuide``) and laid out like the handbook: same fonts and
stylesheet, in the course's language, cached by ``pdf.render_pdf``.

Who reads it: the people who run the course, which is what every bundled guide is written
for ("This guide helps you run the course as a workshop"). The course's trainers and the
administrators (those who may edit the course), and the organizers of the cohorts that take
it (``GUIDE_READERS``, filled by cohorts). Not trainees: a guide plans what happens to them
in the room (groups mixed on purpose, the role an observer plays, who takes care of a person
who is upset or discloses something), and reading that in advance would spoil the exercises
and make the safeguarding plan theirs to second-guess. A trainee who will facilitate is
given the trainer role, or is an organizer of the cohort.
"""

from collections.abc import Callable
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.permissions import can_edit, can_view
from ..extensions import db
from ..packages import split_front_matter
from ..pdf import print_date, render_pdf
from ..registry import Registry
from ..storage import StoredFile
from ..text import render_markdown
from ..yamlfile import LineDict, YamlError, parse_yaml
from .models import Course, FacilitatorGuide

# Called with (user, course): True if that person runs the course in some other way than
# by editing it (cohorts: an organizer of a cohort that takes the course).
GUIDE_READERS: Registry[Callable[[Any, Course], bool]] = Registry(
    "tells whether a person runs a course, and so may read its facilitator guide"
)


def may_read_guide(user: Any, course: Course) -> bool:
    if not getattr(user, "is_authenticated", False) or not can_view(user, course):
        return False
    return can_edit(user, course) or any(reader(user, course) for reader in GUIDE_READERS)


def courses_with_guides(course_ids: list[int]) -> set[int]:
    """Which of these courses have a facilitator guide (one query, the texts not loaded)."""
    if not course_ids:
        return set()
    query = select(FacilitatorGuide.course_id).where(FacilitatorGuide.course_id.in_(course_ids))
    return set(db.session.scalars(query))


def _heading(body: str) -> tuple[str | None, str]:
    """The guide's own first-level heading, if it opens with one, and the rest."""
    first, _newline, rest = body.lstrip("\r\n").partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest
    return None, body


def guide_title(source: str, course: Course) -> str:
    """The title the guide's front matter gives, else its first heading, else one made
    from the course's."""
    front, body, _line = split_front_matter(source)
    heading, _rest = _heading(body)
    if front is not None:
        try:
            data = parse_yaml(front)
        except YamlError:  # checked on import; a guide stored before a rule changed
            data = None
        if isinstance(data, LineDict) and isinstance(data.get("title"), str):
            return data["title"].strip()
    if heading:
        return heading
    with force_locale(course.language):
        return _("Facilitator guide: %(title)s", title=course.title)


def guide_pdf(course: Course, guide: FacilitatorGuide) -> StoredFile:
    """The guide of ``course`` as a PDF, cached like every document."""
    _front, body, _line = split_front_matter(guide.source)
    _heading_text, body = _heading(body)  # printed as the title, above the body
    public = current_app.config["PUBLIC_URL"].rstrip("/")
    with force_locale(course.language):
        return render_pdf(
            "facilitator_guide.html",
            course=course,
            language=course.language,
            title=guide_title(guide.source, course),  # the page's only h1
            body=render_markdown(body, course.language, doc_id="guide"),
            course_url=public + url_for("learning.course", course_id=course.id),
            date=print_date(guide.updated_at, course.language),
        )
