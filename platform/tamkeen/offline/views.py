"""The service worker, the manifest, the offline page, the saved-courses list, and the list
of a course's addresses that a trainee saves."""

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.permissions import can_view
from ..i18n import direction
from ..learning import services as learning
from . import services
from .forms import ManifestForm

bp = Blueprint("offline", __name__)


@bp.route("/sw.js")
def service_worker():
    """Served from the site's root so that its scope is the whole site."""
    response = send_from_directory(
        current_app.static_folder + "/js", "sw.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"  # a new version is found at once
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """Name, icons and start page, in the language asked for (the page's own)."""
    form = ManifestForm(request.args, meta={"csrf": False})
    language = form.lang.data if form.validate() and form.lang.data else str(get_locale())
    with force_locale(language):
        body = {
            "name": _("Tamkeen"),
            "short_name": _("Tamkeen"),
            "description": _("Tamkeen: training for civil society."),
            "lang": language,
            "dir": direction(language),
            "start_url": url_for("learning.home", lang=language),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b6b4f",
            "icons": [
                {
                    "src": url_for("static", filename="icon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                },
                {
                    "src": url_for("static", filename="icon-192.png"),
                    "sizes": "192x192",
                    "type": "image/png",
                },
            ],
        }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/offline")
def offline_page():
    """What a saved course shows for a page that was not saved, when the network is off."""
    return render_template("offline/offline.html")


@bp.route("/learning/saved")
def saved():
    """The courses saved on this device: listed by the browser from its own storage."""
    return render_template("offline/saved.html")


@bp.route("/courses/<int:course_id>/offline.json")
@login_required
def course_addresses(course_id: int):
    """What to store to read the course offline; only for a trainee enrolled in it."""
    course = learning.course_outline(course_id)
    if course is None or not can_view(current_user, course):
        abort(404)
    if learning.find_enrolment(current_user, course) is None:
        abort(404)
    return jsonify(
        course=course.id,
        title=course.title,
        language=course.language,
        urls=services.saved_course_urls(current_user, course),
    )
