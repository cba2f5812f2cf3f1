from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from ..forms import Form, Required
from .on_behalf import ON_BEHALF_REASONS


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

    def __init__(self, *args, participant=False, **kwargs):
        super().__init__(*args, **kwargs)
        if participant:
            # The participant signs for themselves, not for a party: they confirm that it is them.
            self.authority.label.text = _l("I am the participant named in the agreement, and I sign for myself")
            self.authority.validators = [DataRequired(_l("Confirm that you are the participant and sign for yourself"))]


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


class ChangeForm(Form):
    """A change to a running placement: the terms as they should be, and why (portal/agreements/changes.py)."""

    start_date = DateField(_l("Start date"), invalid_value_message=_l("Enter the start date like 2027-03-15"),
                           validators=[Required(_l("Enter the start date"))])
    end_date = DateField(
        _l("End date"), description=_l("Later to extend the placement, earlier to shorten it"),
        invalid_value_message=_l("Enter the end date like 2027-06-15"), validators=[Required(_l("Enter the end date"))],
    )
    tasks = TextAreaField(_l("Tasks"), validators=[Required(_l("Describe the tasks")), Length(max=4000)])
    hours_per_week = IntegerField(
        _l("Hours per week"), invalid_value_message=_l("Enter the hours as a whole number, like 30"),
        validators=[Required(_l("Enter the hours per week"))],
    )
    schedule = TextAreaField(_l("Weekly schedule"),
                             validators=[Required(_l("Describe the weekly schedule")), Length(max=1000)])
    supervisor_name = StringField(_l("Supervisor's name"),
                                  validators=[Required(_l("Enter the supervisor's name")), Length(max=200)])
    supervisor_role = StringField(_l("Supervisor's role"),
                                  validators=[Required(_l("Enter the supervisor's role")), Length(max=200)])
    supervisor_phone = StringField(_l("Supervisor's phone"), validators=[
        Required(_l("Enter the supervisor's phone number")),
        Regexp(r"^\+?[0-9 ()-]{6,20}$", message=_l("Enter a phone number like 08-123 456 78"))])
    supervisor_email = EmailField(_l("Supervisor's e-mail address"), validators=[
        Required(_l("Enter the supervisor's e-mail address")),
        Email(_l("Enter an e-mail address like name@example.com"), check_deliverability=False), Length(max=254)])
    reason = TextAreaField(
        _l("Why is the placement changed?"),
        description=_l("Every party sees the reason; it is kept in the agreement's audit trail"),
        validators=[Required(_l("Give the reason for the change")), Length(max=2000)],
    )


class OnBehalfForm(Form):
    """A coordinator signs for the job-seeker: why, then their own name and password."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    reason = RadioField(
        _l("Why do you sign for the participant?"),
        choices=[SelectChoice(code, label) for code, label in ON_BEHALF_REASONS.items()],
        validators=[Required(_l("Choose why you sign for the participant"))],
    )
    note = TextAreaField(_l("The reason in your words"), description=_l("Needed when the reason is another one"),
                         validators=[Length(max=500)])
    confirm = BooleanField(
        _l("The participant has read the agreement, or had it read to them, and agrees to it"),
        validators=[DataRequired(_l("Confirm that the participant agrees to the agreement"))],
    )
    full_name = StringField(_l("Your full name"), description=_l("Type your name as it is written on your account"),
                            validators=[Required(_l("Type your full name")), Length(max=200)])
    password = PasswordField(_l("Your password"), description=_l("We ask for it again to make sure it is you who signs"),
                             validators=[Required(_l("Enter your password"))])

    def validate_note(self, field):
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Describe the reason in your words"))
