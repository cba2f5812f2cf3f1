from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import Email, EqualTo, Length

from ..forms import Form, Required


class LoginForm(Form):
    email = EmailField(_l("E-mail address"), validators=[Required(_l("Enter your e-mail address"))])
    password = PasswordField(_l("Password"), validators=[Required(_l("Enter your password"))])
    submit = SubmitField(_l("Log in"))


MIN_PASSWORD_LENGTH = 12


# Made by functions, not a shared base class, so that each form lists its fields in the order it
# names them (WTForms orders fields by when they were made; the error summary follows that order).
def _new_password_field():
    return PasswordField(
        _l("New password"),
        description=_l("At least %(count)d characters", count=MIN_PASSWORD_LENGTH),
        validators=[
            Required(_l("Choose a new password")),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("The new password must have at least 12 characters")),
        ],
    )


def _new_password_again_field():
    return PasswordField(
        _l("New password again"),
        validators=[
            Required(_l("Type the new password again")),
            EqualTo("new_password", _l("The two passwords are not the same")),
        ],
    )


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"), validators=[Required(_l("Enter your current password"))]
    )
    new_password = _new_password_field()
    new_password_again = _new_password_again_field()
    submit = SubmitField(_l("Change password"))


def _email_field(label):
    return EmailField(label, validators=[
        Required(_l("Enter an e-mail address")), Length(max=254, message=_l("The e-mail address is too long")),
        Email(_l("Enter an e-mail address like name@example.com"), check_deliverability=False),
    ])


class ForgotPasswordForm(Form):
    email = _email_field(_l("E-mail address"))
    submit = SubmitField(_l("Send me a link"))


class SetPasswordForm(Form):
    """A password chosen from a link in an e-mail (an invitation or a reset)."""

    new_password = _new_password_field()
    new_password_again = _new_password_again_field()
    submit = SubmitField(_l("Save the password"))


class InviteForm(Form):
    email = _email_field(_l("The person's e-mail address"))
    submit = SubmitField(_l("Send the invitation"))
