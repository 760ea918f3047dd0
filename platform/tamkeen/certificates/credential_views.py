"""The Open Badges 3.0 side of a certificate: its signed credential, the issuer profile
with the public key, and the revocation status list. Public, like the verify page.

A workshop laptop never signs (its key would be a second, unpublished issuer): these routes
answer 404 there, and the holder gets the credential from the central server once the
workshop's results reach it.
"""

import json

from flask import Response, abort

from ..extensions import limiter
from ..laptop import is_workshop_laptop
from . import services
from .openbadges import credential as credentials
from .openbadges.keys import has_signing_key
from .views import VERIFY_LIMIT, bp

# A status list is signed at each request: bounded so that it cannot be used to load the CPU.
STATUS_LIMIT = "60/minute"


def _json(document, filename: str | None = None) -> Response:
    body = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    headers = {"X-Robots-Tag": "noindex", "Cache-Control": "no-cache"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body, mimetype="application/json", headers=headers)


def credentials_available() -> bool:
    """Whether this server issues credentials: never on a workshop laptop, and only once
    its key exists (``flask certificates generate-key``)."""
    return not is_workshop_laptop() and has_signing_key()


def _require_credentials() -> None:
    if not credentials_available():
        abort(404)


@bp.route("/verify/<code>/credential.json")
@limiter.shared_limit(VERIFY_LIMIT, scope="verify")
def credential(code: str):
    """The signed credential of the certificate with this code. Like the verify page: an
    unknown code (or an erased holder's, whose certificate is gone) is 404, a revoked one
    is served and its status says revoked; none before the holder chose the printed name."""
    _require_credentials()
    certificate = services.find_by_code(code)
    if certificate is None or not certificate.has_printed_name:
        abort(404)
    signed = credentials.signed_credential(certificate)
    return _json(signed, f"certificate-{certificate.code[:8].lower()}.json")


@bp.route("/verify/issuer.json")
def issuer_profile():
    _require_credentials()
    return _json(credentials.issuer_profile())


@bp.route("/verify/status-list.json")
@limiter.limit(STATUS_LIMIT)
def status_list():
    _require_credentials()
    return _json(credentials.signed_status_list())
