"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential``, the issuer profile, the
signed status list, and the checks ``flask certificates verify-credential`` runs.

The credential says what the certificate prints and nothing more: the course (its title and
what the holder can now do), the issuer, the date, and the name the holder chose to print,
as an ``IdentityObject`` (no email, no account). Its URLs start with ``VERIFY_URL`` when set
(the public server), else this server's public address.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from ...addresses import public_url
from ...database import utcnow
from ...extensions import db
from ...numbers import short_number
from ..codes import format_code
from ..models import Certificate
from . import dataintegrity, statuslist
from .dataintegrity import ProofError, multikey, public_from_multikey
from .jsonld import CREDENTIAL_CONTEXT, JsonLdRefused, clean, expand_strict, parse_document
from .keys import signing_key

CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_LIST_TYPES = ["VerifiableCredential", "BitstringStatusListCredential"]
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
# Verifiers refuse a document dated after their clock: the status list, made at each
# request, is dated a little earlier than "now" so that a slow clock still accepts it.
CLOCK_MARGIN = timedelta(minutes=10)


def site_base() -> str:
    verifier = current_app.config.get("VERIFY_URL") or ""
    return verifier.rstrip("/") if verifier else public_url()


def issuer_url() -> str:
    return site_base() + url_for("certificates.issuer_profile")


def status_list_url() -> str:
    return site_base() + url_for("certificates.status_list")


def credential_url(certificate: Certificate) -> str:
    return site_base() + url_for("certificates.credential", code=format_code(certificate.code))


def verification_method(public: Ed25519PublicKey) -> str:
    return f"{issuer_url()}#{multikey(public)}"


def timestamp(moment: datetime) -> str:
    """A stored (naive UTC) time as XML Schema dateTime, never later than now."""
    moment = min(moment, utcnow())
    return moment.replace(microsecond=0).isoformat() + "Z"


def _description(certificate: Certificate) -> str:
    lines = []
    if certificate.hours:
        hours = certificate.hours
        count = int(hours) if float(hours).is_integer() else 100
        lines.append(
            ngettext(
                "Length of the training: %(num)s hour",
                "Length of the training: %(num)s hours",
                count,
                num=short_number(hours),
            )
        )
    if certificate.outcomes:
        lines.append(_("What the holder can now do:"))
        lines.extend(f"- {line}" for line in certificate.outcomes)
    if not lines:
        lines.append(_("The course “%(course)s”.", course=certificate.course_title))
    return "\n".join(lines)


def build_credential(certificate: Certificate) -> dict[str, Any]:
    """The unsigned credential of a named certificate (control characters removed)."""
    if not certificate.has_printed_name or certificate.status_index is None:
        raise ValueError("a credential needs the printed name and a status position")
    list_url = status_list_url()
    with force_locale(certificate.language):
        achievement = {
            "id": site_base() + url_for("learning.course", course_id=certificate.course_id),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": certificate.course_title,
            "description": _description(certificate),
            "criteria": {
                "narrative": _("Every lesson of the course completed and every quiz passed.")
            },
            "inLanguage": certificate.language,
        }
    credential = {
        "@context": CREDENTIAL_CONTEXT,
        "id": credential_url(certificate),
        "type": CREDENTIAL_TYPES,
        "name": certificate.course_title,
        "issuer": {
            "id": issuer_url(),
            "type": ["Profile"],
            "name": certificate.issuer,
            "url": site_base() + "/",
        },
        "validFrom": timestamp(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "hashed": False,
                    "identityHash": certificate.printed_name,
                    "identityType": "ext:name",
                }
            ],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{list_url}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": list_url,
        },
    }
    return clean(credential)


def _signed(document: dict[str, Any], created: str) -> dict[str, Any]:
    expand_strict(document)  # refuses a term the contexts do not define: it would go unsigned
    key = signing_key()
    return dataintegrity.sign(document, key, verification_method(key.public_key()), created)


def signed_credential(certificate: Certificate) -> dict[str, Any]:
    """The signed credential; the same bytes at every request (Ed25519 is deterministic
    and the proof is dated at issue)."""
    credential = build_credential(certificate)
    return _signed(credential, credential["validFrom"])


def signed_status_list() -> dict[str, Any]:
    revoked = db.session.scalars(
        select(Certificate.status_index).where(
            Certificate.revoked_at.is_not(None), Certificate.status_index.is_not(None)
        )
    )
    list_url = status_list_url()
    when = timestamp(utcnow() - CLOCK_MARGIN)
    document = {
        "@context": [CREDENTIAL_CONTEXT[0]],
        "id": list_url,
        "type": STATUS_LIST_TYPES,
        "issuer": issuer_url(),
        "validFrom": when,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": statuslist.encode(revoked),
        },
    }
    return _signed(document, when)


def issuer_profile() -> dict[str, Any]:
    """The issuer profile: the site's name and address, and its public key (Multikey)."""
    public = signing_key().public_key()
    method = verification_method(public)
    return {
        "@context": [*CREDENTIAL_CONTEXT, MULTIKEY_CONTEXT],
        "id": issuer_url(),
        "type": ["Profile"],
        "name": clean(current_app.config["CERTIFICATE_ISSUER"]),
        "url": site_base() + "/",
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": issuer_url(),
                "publicKeyMultibase": multikey(public),
            }
        ],
        "assertionMethod": [method],
    }


# -- verifying (flask certificates verify-credential) ---------------------------------


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool | None  # None: not checked
    message: str


Fetch = Callable[[str], bytes]


def _parse_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("missing")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _key_of(document: dict[str, Any]) -> tuple[str, str]:
    """(controller, Multikey) named by the proof's verificationMethod."""
    proof = document.get("proof")
    method = proof.get("verificationMethod") if isinstance(proof, dict) else None
    if not isinstance(method, str) or "#" not in method:
        raise ProofError("the proof names no verification method")
    controller, _hash, fragment = method.partition("#")
    return controller, fragment


def _issuer_id(document: dict[str, Any]) -> Any:
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _online_key(document: dict[str, Any], fetch: Fetch) -> Ed25519PublicKey:
    method = document["proof"]["verificationMethod"]
    profile = parse_document(fetch(_issuer_id(document)))
    for entry in profile.get("verificationMethod") or []:
        if isinstance(entry, dict) and entry.get("id") == method:
            return public_from_multikey(str(entry.get("publicKeyMultibase", "")))
    raise ProofError("the issuer profile does not publish the key that signed it")


def _proof_checks(document: dict[str, Any], public: Ed25519PublicKey) -> Iterator[Check]:
    controller, fragment = _key_of(document)
    if controller != _issuer_id(document):
        yield Check("key", False, "the signing key is not the issuer's (controller differs)")
        return
    if fragment != multikey(public):
        yield Check("key", False, f"signed with another key ({fragment}) than the one given")
        return
    yield Check("key", True, f"the issuer's key {fragment}")
    dataintegrity.verify(document, public)
    yield Check("signature", True, "eddsa-rdfc-2022 signature valid")


def _date_check(document: dict[str, Any], now: datetime) -> Check:
    try:
        valid_from = _parse_time(document.get("validFrom"))
    except ValueError:
        return Check("dates", False, "no readable validFrom")
    if valid_from > now:
        return Check("dates", False, f"not valid before {document['validFrom']}")
    if "validUntil" in document:
        try:
            valid_until = _parse_time(document["validUntil"])
        except ValueError:
            return Check("dates", False, "validUntil unreadable")
        if valid_until <= now:
            return Check("dates", False, f"expired on {document['validUntil']}")
    return Check("dates", True, f"valid from {document['validFrom']}")


def _status_check(document: dict[str, Any], public: Ed25519PublicKey, fetch: Fetch) -> Check:
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return Check("status", False, "no BitstringStatusListEntry")
    try:
        index = int(entry["statusListIndex"])
        status_list = parse_document(fetch(entry["statusListCredential"]))
        expand_strict(status_list)
        if status_list.get("type") != STATUS_LIST_TYPES:
            raise ValueError("not a BitstringStatusListCredential")
        if status_list.get("id") != entry["statusListCredential"]:
            raise ValueError("the list's id is not the address it came from")
        if _issuer_id(status_list) != _issuer_id(document):
            raise ValueError("the list is not the credential's issuer's")
        controller, fragment = _key_of(status_list)
        if controller != _issuer_id(document) or fragment != multikey(public):
            raise ValueError("the list is not signed with the issuer's key")
        dataintegrity.verify(status_list, public)
        subject = status_list["credentialSubject"]
        if subject.get("statusPurpose") != entry.get("statusPurpose"):
            raise ValueError("the list's purpose differs")
        revoked = statuslist.is_set(subject["encodedList"], index)
    except (KeyError, TypeError, ValueError, OSError) as error:
        return Check("status", False, f"the status list cannot be checked: {error}")
    if revoked:
        return Check("status", False, "REVOKED by its issuer")
    return Check("status", True, "not revoked (status list signed by the issuer)")


def check_credential(
    data: bytes,
    public: Ed25519PublicKey | None,
    *,
    fetch: Fetch | None = None,
    now: datetime | None = None,
) -> list[Check]:
    """Every check of a credential file, in order; stops at the first that cannot go on.
    ``public`` is the trusted key (None: the issuer profile's, fetched with ``fetch``);
    ``fetch`` reads a URL (None: offline, revocation not checked)."""
    now = now or datetime.now(UTC)
    checks: list[Check] = []
    try:
        document = parse_document(data)
        checks.append(Check("file", True, f"{len(data)} bytes of JSON"))
        expand_strict(document)
        if document.get("type") != CREDENTIAL_TYPES:
            raise JsonLdRefused("not an OpenBadgeCredential")
        checks.append(Check("terms", True, "every term defined by the Open Badges 3.0 contexts"))
        if public is None:
            if fetch is None:
                raise ProofError("no key to check against (give --key, or --online)")
            public = _online_key(document, fetch)
        checks.extend(_proof_checks(document, public))
        if not checks[-1].passed:
            return checks
    except JsonLdRefused as refused:
        name = "file" if not checks else "terms"
        return [*checks, Check(name, False, str(refused))]
    except (ProofError, OSError, ValueError) as error:
        return [*checks, Check("signature", False, str(error))]
    checks.append(_date_check(document, now))
    if fetch is None:
        checks.append(Check("status", None, "revocation not checked (offline; --online checks)"))
    else:
        checks.append(_status_check(document, public, fetch))
    return checks
