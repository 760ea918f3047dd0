"""Who may see and change a certificate.

The holder sees their own; administrators see all. Organizers may issue and revoke (the
cohort pages will narrow this to the certificates of their own cohorts); nobody else may
even learn that a certificate exists, except by its code on the public verification page.
"""

from ..accounts.permissions import register_policy
from .models import Certificate


def can_view_certificate(user, certificate: Certificate) -> bool:
    if user is None:
        return False
    return certificate.user_id == user.id or user.has_role("admin")


def can_edit_certificate(user, certificate: Certificate) -> bool:
    return user is not None and user.has_role("organizer", "admin")


register_policy(Certificate, view=can_view_certificate, edit=can_edit_certificate)
