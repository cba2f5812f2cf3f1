from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ..forms import Form, Required


class ReadForm(Form):
    """Step 1 of signing: confirm that you have read the agreement (and may sign for your party)."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    read = BooleanField(
        _l("I have read the whole agreement, including the terms and the union's statement"),
        validators=[DataRequired(_l("Confirm that you have read the agreement"))],
    )
    authority = BooleanField(
        _l("I have the authority to sign for the party named above"),
        validators=[DataRequired(_l("Confirm that you may sign for your party"))],
    )


class SignForm(Form):
    """Step 2: type your full name and confirm with your password."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    full_name = StringField(
        _l("Your full name"),
        description=_l("Type your name as it is written on your account"),
        validators=[Required(_l("Type your full name")), Length(max=200)],
    )
    password = PasswordField(
        _l("Your password"),
        description=_l("We ask for it again to make sure it is you who signs"),
        validators=[Required(_l("Enter your password"))],
    )


class DeclineForm(Form):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    reason = TextAreaField(
        _l("Why do you decline to sign?"),
        description=_l("Everyone who signs this agreement will see the reason"),
        validators=[Required(_l("Give a reason for declining")), Length(max=2000)],
    )


class NewVersionForm(Form):
    language = RadioField(
        _l("Language of the agreement"),
        choices=[SelectChoice("sv", "Svenska"), SelectChoice("en", "English")],
        default="sv",
        validators=[Required(_l("Choose the language of the agreement"))],
    )
    note = TextAreaField(
        _l("What changed?"),
        description=_l("Shown in the audit trail"),
        validators=[Length(max=1000)],
    )


class VerifyForm(Form):
    document = FileField(_l("PDF document"), description=_l("A PDF of at most 10 MB"))
