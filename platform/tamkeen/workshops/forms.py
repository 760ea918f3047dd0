"""The form the roster's result page posts back to print welcome slips."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
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
