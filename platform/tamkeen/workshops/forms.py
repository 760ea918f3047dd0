"""The form the roster's result page posts back to print welcome slips."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import HiddenField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from .services import SLIPS_PER_PDF

# A welcome link's secret: the typeable code, or an older link's URL-safe token.
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class SlipsForm(FlaskForm):
    """The one-time links shown once on the page, one a line; checked again on the server."""

    links = HiddenField(validators=[InputRequired(_l("The list of links is missing."))])
    submit = SubmitField(_l("Print welcome slips"))

    def tokens(self) -> list[str]:
        return self.links.data.split()

    def validate_links(self, field: HiddenField) -> None:
        tokens = self.tokens()
        if not 1 <= len(tokens) <= SLIPS_PER_PDF or not all(TOKEN.match(t) for t in tokens):
            raise ValidationError(_l("The list of links is not one this page made."))


# A results file of a 60-person, 3-day workshop is about 100 kB; 10 MB (the site's upload
# limit by default, TAMKEEN_MAX_UPLOAD_MB, which answers 413 before this) leaves room.
MAX_RESULTS_BYTES = 10 * 1024 * 1024


class PrepareKitForm(FlaskForm):
    """One button: a kit for the cohort (CSRF only)."""

    submit = SubmitField(_l("Prepare a kit"))


class ResultsUploadForm(FlaskForm):
    """A laptop's results file (.tkr), carried back on a USB stick."""

    file = FileField(
        _l("Results file (.tkr)"),
        description=_l(
            "The file the laptop wrote with “flask workshop export-results”. At most 10 MB."
        ),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["tkr"], _l("Choose the laptop's .tkr results file.")),
            FileSize(MAX_RESULTS_BYTES, message=_l("The file is larger than 10 MB.")),
        ],
    )
    submit = SubmitField(_l("Upload results"))
