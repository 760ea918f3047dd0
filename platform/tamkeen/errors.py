"""Error pages: translated, light, and helpful, never a stack trace."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (
        _l("This request could not be understood"),
        _l("Something in what was sent is not valid. Go back, check the form and try again."),
    ),
    403: (
        _l("You cannot open this page"),
        _l(
            "Your account does not have the role this page needs. If you think it should, "
            "ask the person who runs your training programme."
        ),
    ),
    404: (
        _l("Page not found"),
        _l("The link may be old or mistyped. The catalogue lists every course."),
    ),
    405: (
        _l("This action is not available here"),
        _l("Go back to the previous page and use its buttons."),
    ),
    413: (
        _l("The file is too large"),
        _l("Choose a smaller file and try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("For your safety, please wait a few minutes before trying again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you did caused this. Please try again in a moment."),
    ),
}

CSRF_MESSAGE = _l(
    "This form has expired or was sent from elsewhere. Reload the page and send it again."
)


def render_error(code: int, message=None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    body = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    )
    return body, code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code if error.code in MESSAGES else 400)

    @app.errorhandler(InternalServerError)
    def _server_error(error: InternalServerError):
        return render_error(500)
