"""Posters and welcome slips: printed links that phones in the room can open."""

from collections import Counter
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from markupsafe import Markup
from sqlalchemy import select

from ..accounts import services as accounts
from ..addresses import external_url
from ..certificates.services import qr_svg
from ..cohorts.invitations import create_invitation
from ..cohorts.models import Cohort, CohortCourse, PersonalInvitation
from ..extensions import db
from ..i18n import LANGUAGES
from ..pdf import render_pdf_bytes

SLIPS_PER_PDF = 100  # a few seconds of layout; the roster page offers one button per batch


def cohort_language(cohort: Cohort) -> str:
    """The language most of the cohort's courses are in; the site's default otherwise."""
    from ..learning.models import Course

    languages = Counter(
        db.session.scalars(
            select(Course.language)
            .join(CohortCourse, CohortCourse.course_id == Course.id)
            .where(CohortCourse.cohort_id == cohort.id)
        )
    )
    for language, _count in languages.most_common():
        if language in LANGUAGES:
            return language
    default = current_app.config.get("BABEL_DEFAULT_LOCALE", "ar")
    return default if default in LANGUAGES else "en"


@dataclass(frozen=True)
class Poster:
    address: str  # where to type the code
    join_url: str  # the same with the code: what the QR code opens
    code: str


def new_poster(cohort: Cohort, *, max_uses: int, days: int, by=None) -> Poster:
    """A new invitation to print on a poster (its code exists only on the paper)."""
    _invitation, code = create_invitation(
        cohort, by=by, max_uses=max_uses, days=days, organization_id=None
    )
    return Poster(external_url("cohorts.join_form"), external_url("cohorts.join", code=code), code)


def poster_pdf(poster: Poster, language: str, title: str | None = None) -> bytes:
    """An A4 poster; never cached, since it carries a live join code. It names the cohort
    only through ``title``, if the organizer gives one: a poster on a wall (or in a photo
    of the room) must not say which programme the people in the room take part in."""
    with force_locale(language):
        return render_pdf_bytes(
            "workshop_poster.html",
            language=language,
            title=title,
            poster=poster,
            qr=_qr(poster.join_url),
        )


@dataclass(frozen=True)
class Slip:
    username: str
    name: str | None
    link: str
    code: str
    qr: Markup


def slips_for(cohort: Cohort, tokens: list[str]) -> list[Slip] | None:
    """A slip for each one-time link, or None when any is not a valid, unused welcome
    link of someone invited to ``cohort`` (a stale, tampered or foreign list prints
    nothing)."""
    slips: list[Slip] = []
    seen: set[int] = set()
    for token in tokens:
        link = accounts.password_link(token)
        if link is None or link.user_id in seen or not _invited(cohort, link.user_id):
            return None
        seen.add(link.user_id)
        url = external_url("accounts.set_password", token=token)
        user = link.user
        slips.append(Slip(user.username, user.display_name, url, token, _qr(url)))
    return slips


def _invited(cohort: Cohort, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(PersonalInvitation.id).where(
                PersonalInvitation.cohort_id == cohort.id, PersonalInvitation.user_id == user_id
            )
        )
        is not None
    )


def slips_pdf(slips: list[Slip], language: str) -> bytes:
    """Cut-out slips, never cached: each holds a secret link. No cohort name: a slip left
    on a table must not say which programme its holder is in."""
    with force_locale(language):
        return render_pdf_bytes("workshop_slips.html", language=language, slips=slips)


def print_slips(cohort: Cohort, tokens: list[str]) -> bytes | None:
    """The slips' PDF, or None when any link is refused (see ``slips_for``).

    Checking only reads; the transaction ends before the layout, which takes seconds for
    a hundred slips: a POST's SQLite transaction holds the write lock until it ends."""
    slips = slips_for(cohort, tokens)
    if slips is None:
        return None
    language = cohort_language(cohort)
    db.session.rollback()
    return slips_pdf(slips, language)


def _qr(url: str) -> Markup:
    return qr_svg(url)
