"""The central server's end of ``flask workshop sync URL``: a laptop posts its results file
and gets the import's summary back (docs/workshops.md).

No session and no CSRF token: the file authenticates itself (signed by a kit this server
issued, encrypted for it). It goes through the very same checks and merge as
``import-results``; a refused file answers 422 with its sentence and writes nothing.
"""

from flask import Blueprint, abort, jsonify, request

from ..extensions import csrf, db, limiter
from .container import FileRefused

bp = Blueprint("workshop_api", __name__)

SYNC_LIMIT = "30/hour"


@bp.route("/workshop/api/1/results", methods=["POST"])
@limiter.limit(SYNC_LIMIT)
@csrf.exempt
def results():
    from .merge import import_results
    from .setup import laptop
    from .summary import summary_lines

    if laptop() is not None:
        abort(404)  # a laptop takes no results
    data = request.get_data(cache=False)
    db.session.rollback()  # nothing is held while the file is checked
    try:
        journal, already = import_results(data, via="sync", by=None, after_batch=db.session.commit)
    except FileRefused as error:
        db.session.rollback()
        return jsonify(error=str(error.message)), 422
    db.session.commit()
    return jsonify(
        seq=journal.seq, already=already, summary=summary_lines(journal, already=already)
    )
