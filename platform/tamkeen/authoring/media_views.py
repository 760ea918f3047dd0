"""The address lesson images are served at, to trainees as well as trainers."""

from flask import Blueprint, abort
from flask_login import current_user

from ..accounts.permissions import can_view
from ..web import get_or_404
from .models import CourseImage

# Images are read by trainees, so they live outside the /teach workspace.
media_bp = Blueprint("media", __name__)

CACHE_SECONDS = 365 * 24 * 3600


@media_bp.route("/media/<int:image_id>/<digest>")
def image(image_id: int, digest: str):
    image = get_or_404(CourseImage, image_id)
    if image.digest[:16] != digest or not can_view(current_user, image):
        abort(404)
    headers = {
        "Content-Type": image.content_type,
        "X-Content-Type-Options": "nosniff",
        # Opened on its own, the image can run nothing and reach nothing.
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    if image.course.is_published:
        # The address changes with the content, so a copy never goes stale.
        headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}, immutable"
    else:
        headers["Cache-Control"] = "private, no-store"
    return image.data, 200, headers
