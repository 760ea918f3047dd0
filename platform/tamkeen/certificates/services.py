"""The rules of certificates: issuing, naming, revoking, verifying and printing.

A certificate is issued automatically when a trainee completes a course (the learning
domain's ``course_completed`` signal), and by organizers, who may also revoke one with a
reason. The holder chooses the name printed before the first download. Services only
flush; the request or command commits.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.notices import notify
from ..addresses import public_url
from ..audit import record_event
from ..database import utcnow
from ..extensions import db
from ..learning import services as learning
from ..learning.models import Course
from ..numbers import short_number
from ..pdf import print_date, render_pdf
from ..quizzes.services import in_order, quizzes_by_module
from ..quizzes.standing import passed_quiz_ids
from ..registry import Registry
from ..storage import StoredFile
from . import logos
from .codes import format_code, new_code, normalize_code
from .models import Certificate, CertificateSignatory

# Who else may issue a certificate in their name: each is called with (user, course) and
# returns (issuer, signatories, cohort id) or None. Cohorts register theirs, so that a
# cohort's participants get the cohort's organization and signature lines, and the
# certificate is the cohort's (its organizers may revoke it).
Sponsorship = tuple[str | None, list[dict[str, str]] | None, int | None]
Sponsor = Callable[[Any, Course], Sponsorship | None]
SPONSORS: Registry[Sponsor] = Registry("names who issues a certificate in whose name")


@dataclass(frozen=True)
class Delegation:
    """How a domain lets its staff issue and revoke certificates in its name, by hand
    (cohorts: organizers, for the participants of the cohorts they run)."""

    # The courses ``user`` may issue certificates for, as a subquery of course ids.
    course_ids: Callable[[Any], Any]
    # Issue (or reinstate) ``holder``'s certificate in the domain's name; None when the
    # holder is not ``user``'s to issue for (the page then says the same as for nobody).
    issue: Callable[[Any, Any, Course], "Certificate | None"]
    # Whether ``user`` may revoke (or issue again) this certificate.
    may_revoke: Callable[[Any, "Certificate"], bool]


DELEGATIONS: Registry[Delegation] = Registry("lets staff issue and revoke in a domain's name")

# The logo a certificate prints, by who issued it: each is called with the certificate and
# returns a stored logo's name (logos.py) or None. Cohorts register their organization's;
# failing every one, the site's default logo prints, if there is one.
LOGOS: Registry[Callable[["Certificate"], str | None]] = Registry("names a certificate's logo")


def _sponsored(user: Any, course: Course) -> Sponsorship:
    for sponsor in SPONSORS:
        found = sponsor(user, course)
        if found is not None:
            return found
    return None, None, None


class CertificateError(ValueError):
    """A certificate action that the rules do not allow (the message says why)."""


@dataclass(frozen=True)
class Missing:
    """What a trainee still has to do before a course gives a certificate."""

    lessons: list[str] = field(default_factory=list)  # titles, in course order
    quizzes: list[str] = field(default_factory=list)  # quizzes not yet passed, in order
    enrolled: bool = True

    def __bool__(self) -> bool:
        return bool(self.lessons or self.quizzes or not self.enrolled)


def certificate_for(user: Any, course: Course) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user.id, Certificate.course_id == course.id
        )
    )


def find_by_code(typed: str) -> Certificate | None:
    """The certificate with this code; None for a code that is unknown or malformed alike."""
    code = normalize_code(typed)
    if code is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def course_signatories(course: Course) -> list[dict[str, str]]:
    rows = db.session.scalars(
        select(CertificateSignatory)
        .where(CertificateSignatory.course_id == course.id)
        .order_by(CertificateSignatory.position)
    )
    return [{"name": row.name, "title": row.title} for row in rows]


def site_issuer(language: str) -> str:
    """The site's issuer as a certificate in ``language`` names it (config.py)."""
    names = current_app.config.get("CERTIFICATE_ISSUERS") or {}
    return names.get(language) or current_app.config["CERTIFICATE_ISSUER"]


def issue_certificate(
    user: Any,
    course: Course,
    *,
    by: Any = None,
    issuer: str | None = None,
    signatories: list[dict[str, str]] | None = None,
    cohort_id: int | None = None,
    completed_at: datetime | None = None,
) -> Certificate:
    """Issue ``user``'s certificate for ``course``, or return the one they have.

    ``by`` is the organizer issuing it (None when completion issues it). A revoked
    certificate stays revoked when the course is completed again; an organizer issuing
    it reinstates it, with the same code. A cohort passes its id, ``issuer`` and
    ``signatories``: the certificate is issued in its name. Otherwise a registered sponsor
    (the cohort the person takes the course in) may issue it in its name; failing that,
    the site's issuer and the course's signature lines print, and the certificate is the
    holder's own. The holder gets a notice either way.
    """
    existing = certificate_for(user, course)
    if existing is not None:
        if existing.is_revoked and by is not None:
            existing.revoked_at, existing.revoke_reason = None, None
            record_event(by, "certificate.reinstated", existing)
            _tell(existing, "certificate.issued")
        return existing
    if cohort_id is None and issuer is None and signatories is None:
        issuer, signatories, cohort_id = _sponsored(user, course)
    certificate = Certificate(
        code=new_code(),
        user_id=user.id,
        course_id=course.id,
        cohort_id=cohort_id,
        language=course.language,
        course_title=course.title,
        issuer=issuer or site_issuer(course.language),
        signatories=signatories if signatories is not None else course_signatories(course),
        hours=course.hours,
        outcomes=list(course.outcomes or []) or None,
        completed_at=completed_at or utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:  # a concurrent request issued it first
        return certificate_for(user, course)
    record_event(by, "certificate.issued", certificate)
    _tell(certificate, "certificate.issued")
    return certificate


def _tell(certificate: Certificate, kind: str, **details: Any) -> None:
    """The holder's notice: the course's title as printed on the certificate."""
    notify(
        certificate.user_id,
        kind,
        subject_id=certificate.course_id,
        course=certificate.course_title,
        **details,
    )


def revoke_certificate(certificate: Certificate, reason: str, *, by: Any) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("a revocation needs a reason")
    if certificate.is_revoked:
        raise CertificateError("this certificate is already revoked")
    certificate.revoked_at = utcnow()
    certificate.revoke_reason = reason
    record_event(by, "certificate.revoked", certificate)
    _tell(certificate, "certificate.revoked", reason=reason)
    db.session.flush()


def choose_printed_name(certificate: Certificate, name: str) -> None:
    """Set the name printed on the certificate; it cannot change once chosen."""
    name = " ".join((name or "").split())
    if not name:
        raise CertificateError("the printed name is empty")
    if certificate.has_printed_name:
        raise CertificateError("the printed name is already chosen")
    certificate.printed_name = name
    db.session.flush()


def missing_steps(user: Any, course: Course) -> Missing:
    """What ``user`` still has to do in ``course``; empty (falsy) when it is complete."""
    progress = learning.progress_for([user.id], [course.id]).get((user.id, course.id))
    if progress is None:
        return Missing(enrolled=False)
    if progress.is_complete:
        return Missing()
    done = learning.completed_lesson_ids(user, course)
    passed = passed_quiz_ids(user.id, [course.id])
    quizzes = in_order(course, quizzes_by_module(course))
    return Missing(
        lessons=[
            lesson.title for lesson in learning.lessons_in_order(course) if lesson.id not in done
        ],
        quizzes=[quiz_title(quiz) for quiz in quizzes if quiz.id not in passed],
    )


def quiz_title(quiz: Any) -> str:
    if quiz.title:
        return quiz.title
    if quiz.is_final:
        return _("Final assessment")
    return _("Module quiz") + f" ({quiz.module.title})"


def claim_certificate(user: Any, course: Course) -> Certificate:
    """The holder's own request: their certificate, issued now if the course is complete."""
    existing = certificate_for(user, course)
    if existing is not None:
        return existing
    if missing_steps(user, course):
        raise CertificateError("the course is not complete")
    return issue_certificate(user, course)


def verification_url(certificate: Certificate) -> str:
    """The public server's verify page when ``VERIFY_URL`` names one (a certificate issued
    on a workshop laptop must still verify after the workshop), else this server's."""
    path = url_for("certificates.verify", code=format_code(certificate.code))
    verifier = current_app.config.get("VERIFY_URL") or ""
    return (verifier.rstrip("/") if verifier else public_url()) + path


def qr_svg(url: str) -> Markup:
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=3, dark="#1d1d1f", border=4)
    return Markup(svg)  # noqa: S704  (segno's markup of our own verification URL)  # nosec B704


def _plural_count(hours: float | None) -> int:
    """The number that picks the plural form of "%(num)s hours": a fraction takes the
    form of many (1.5 hours, 1,5 heures, 1.5 ساعة)."""
    if not hours:
        return 0
    return int(hours) if float(hours).is_integer() else 100


def certificate_logo(certificate: Certificate) -> str | None:
    """The stored name of the logo the certificate prints: its issuer's, else the site's."""
    for source in LOGOS:
        name = source(certificate)
        if name:
            return name
    return logos.site_logo()


def certificate_pdf(certificate: Certificate) -> StoredFile:
    """The certificate as a PDF file (from the cache after the first time)."""
    if not certificate.has_printed_name:
        raise CertificateError("choose the printed name first")
    url = verification_url(certificate)
    logo_name = certificate_logo(certificate)
    logo = logos.read_logo(logo_name)
    # Addressed by the logo's content (its name is its hash), as render_pdf requires.
    logo_url = f"/certificate-logo/{logo_name}" if logo else None
    with force_locale(certificate.language):
        return render_pdf(
            "certificate.html",
            resources=(lambda: {logo_url: logo}) if logo else None,
            logo_url=logo_url,
            owner=certificate.user_id,
            certificate=certificate,
            language=certificate.language,
            code=format_code(certificate.code),
            verify_url=url,
            qr=qr_svg(url),
            hours=short_number(certificate.hours) if certificate.hours else None,
            hours_count=_plural_count(certificate.hours),
            date=print_date(certificate.completed_at, certificate.language),
        )


def issue_on_completion(course: Course, *, user: Any, **_extra: Any) -> None:
    """Receiver of ``learning.services.course_completed``."""
    issue_certificate(user, course)


def register_notices() -> None:
    """The holder's notices: a certificate issued (or reinstated), or revoked with the
    reason given."""
    from flask_babel import lazy_gettext as _l

    from ..accounts.notices import NoticeKind, register_kind

    def link(notice: Any) -> tuple[str, str]:
        return (
            url_for("certificates.mine", course_id=notice.subject_id),
            str(_l("My certificate for this course")),
        )

    register_kind(
        "certificate.issued",
        NoticeKind(
            text=lambda d: str(
                _l("Your certificate for %(course)s is issued.", course=d.get("course", ""))
            ),
            link=link,
        ),
    )
    register_kind(
        "certificate.revoked",
        NoticeKind(
            text=lambda d: str(
                _l(
                    "Your certificate for %(course)s was revoked. The reason given: %(reason)s",
                    course=d.get("course", ""),
                    reason=d.get("reason", ""),
                )
            ),
            link=link,
        ),
    )
