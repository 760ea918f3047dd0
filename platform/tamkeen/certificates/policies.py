"""Who may see and change a certificate.

The holder sees their own; administrators see all. Organizers may revoke (or issue again)
only a certificate issued in the name of a cohort they run, while its holder takes part
in it; a certificate someone earned on their own is revoked only by an administrator.
Nobody else may even learn that a certificate exists, except by its code on the public
verification page.
"""

from .models import Certificate
from .services import DELEGATIONS


def can_view_certificate(user, certificate: Certificate) -> bool:
    if user is None:
        return False
    return certificate.user_id == user.id or user.has_role("admin")


def can_edit_certificate(user, certificate: Certificate) -> bool:
    if user is None:
        return False
    if user.has_role("admin"):
        return True
    if certificate.cohort_id is None or not user.has_role("organizer"):
        return False
    return any(delegation.may_revoke(user, certificate) for delegation in DELEGATIONS)
