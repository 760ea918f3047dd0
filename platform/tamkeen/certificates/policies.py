"""Who may see and change a certificate.

The holder sees their own; administrators see all. Organizers may issue and revoke only
for the participants of the cohorts they run, and only for those cohorts' courses; nobody
else may even learn that a certificate exists, except by its code on the public
verification page.
"""

from ..accounts.permissions import register_policy
from .models import Certificate


def can_view_certificate(user, certificate: Certificate) -> bool:
    if user is None:
        return False
    return certificate.user_id == user.id or user.has_role("admin")


def can_edit_certificate(user, certificate: Certificate) -> bool:
    from ..cohorts.policies import organizer_reaches

    return organizer_reaches(user, certificate.user_id, certificate.course_id)


register_policy(Certificate, view=can_view_certificate, edit=can_edit_certificate)
