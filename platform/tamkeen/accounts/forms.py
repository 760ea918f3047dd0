"""Account forms. Every label and message is translated lazily, per request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from ..i18n import language_choices
from .passwords import is_common_password
from .services import username_taken

USERNAME_PATTERN = r"^[\w.-]+$"
PASSWORD_MIN, PASSWORD_MAX = 8, 128


def _language_choices():
    return language_choices(_l("As my browser prefers"))


def _username_field():
    return StringField(
        _l("Username"),
        description=_l("3 to 40 letters, digits, dots, dashes or underscores. Others see it."),
        validators=[
            InputRequired(_l("Choose a username.")),
            Length(3, 40, _l("A username has 3 to 40 characters.")),
            Regexp(
                USERNAME_PATTERN,
                message=_l("Use only letters, digits, dots, dashes and underscores."),
            ),
        ],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )


def not_common(form, field):
    """No composition rules; only the passwords everybody tries first are refused."""
    if field.data and is_common_password(field.data):
        raise ValidationError(
            _l("This password is one of the most common ones. Choose a less obvious one.")
        )


def _new_password_fields():
    password = PasswordField(
        _l("Password"),
        description=_l("At least 8 characters. A few unrelated words make a strong one."),
        validators=[
            InputRequired(_l("Choose a password.")),
            Length(PASSWORD_MIN, PASSWORD_MAX, _l("A password has 8 to 128 characters.")),
            not_common,
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[
            InputRequired(_l("Type the password a second time.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class RegisterForm(FlaskForm):
    username = _username_field()
    display_name = StringField(
        _l("Name shown to others (optional)"),
        description=_l("You can use a pseudonym."),
        validators=[Optional(), Length(max=80, message=_l("At most 80 characters."))],
    )
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Create my account"))

    def validate_username(self, field):
        if username_taken(field.data):
            raise ValidationError(_l("This username is taken. Choose another."))


class SignInForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[InputRequired(_l("Enter your username."))],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class FirstAdminForm(FlaskForm):
    username = _username_field()
    display_name = StringField(
        _l("Name shown to others (optional)"),
        validators=[Optional(), Length(max=80, message=_l("At most 80 characters."))],
    )
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Create the administrator account"))

    def validate_username(self, field):
        if username_taken(field.data):
            raise ValidationError(_l("This username is taken. Choose another."))


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Name shown to others"),
        description=_l("Leave empty to show your username. You can use a pseudonym."),
        validators=[Optional(), Length(max=80, message=_l("At most 80 characters."))],
    )
    locale = RadioField(_l("Language"), choices=_language_choices, validate_choice=True)
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Change my password"))


class LanguageForm(FlaskForm):
    locale = RadioField(choices=language_choices, validators=[InputRequired()])
    next = HiddenField()


class SignOutForm(FlaskForm):
    submit = SubmitField(_l("Sign out"))


class SetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Save my password"))


def _code_field(label, description=None):
    return StringField(
        label,
        description=description,
        validators=[InputRequired(_l("Enter the code.")), Length(max=40)],
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
            "inputmode": "text",
        },
    )


class SignInCodeForm(FlaskForm):
    code = _code_field(
        _l("Code"),
        _l("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Sign in"))


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Confirm"))


class TwoFactorSetupForm(FlaskForm):
    secret = HiddenField()  # the secret shown, signed by the server (never chosen by the client)
    code = _code_field(_l("Code from the app"), _l("The 6 digits the app shows now."))
    submit = SubmitField(_l("Turn on two-step sign-in"))


class RecoverForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[InputRequired(_l("Enter your username.")), Length(max=40)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    code = _code_field(_l("One of your recovery codes"), _l("Each code works only once."))
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Choose this new password"))


class EraseAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("I understand that my account and my progress are erased for good."),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Erase my account"))


class SeenNoticesForm(FlaskForm):
    # The newest notice the page showed: one that arrives meanwhile stays unseen.
    up_to = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)]
    )
    submit = SubmitField(_l("Mark them as seen"))
