"""Headers that every response carries, errors and downloads included."""

from flask import Flask, Response
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# A response that sets its own policy (a download's ``sandbox``, an image's
# ``default-src 'none'``) keeps it, and gains whichever of these it lacks: none of them
# loosens a stricter policy.
REQUIRED_DIRECTIVES = {
    "default-src": "default-src 'self'",
    "object-src": "object-src 'none'",
    "base-uri": "base-uri 'none'",
    "form-action": "form-action 'self'",
    "frame-ancestors": "frame-ancestors 'none'",
}


def completed_policy(policy: str | None) -> str:
    """``policy`` with the directives every response needs; the site's policy if none."""
    if not policy:
        return CONTENT_SECURITY_POLICY
    present = {part.split()[0] for part in policy.split(";") if part.strip()}
    missing = [text for name, text in REQUIRED_DIRECTIVES.items() if name not in present]
    return "; ".join([policy.strip().rstrip(";"), *missing])


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = completed_policy(
            headers.get("Content-Security-Policy")
        )
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if app.config.get("PRODUCTION"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # A shared computer must not show a signed-in page from its cache. Responses that
        # say they are public (a published lesson's image, a policy paper, a handbook) are
        # the same for everyone and keep their caching.
        # Signing out (Clear-Site-Data) is the last signed-in response: not cached either.
        signed_in = current_user and current_user.is_authenticated
        if (signed_in or "Clear-Site-Data" in headers) and not response.cache_control.public:
            headers["Cache-Control"] = "no-store"
        return response
