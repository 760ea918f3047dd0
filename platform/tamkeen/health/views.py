"""``/healthz``: 200 when every check passes, 503 otherwise; nothing but the checks."""

from flask import Blueprint, Response, jsonify

from ..extensions import limiter
from .checks import health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, int]:
    results = health()
    response = jsonify({name: "ok" if passed else "failing" for name, passed in results.items()})
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if all(results.values()) else 503
