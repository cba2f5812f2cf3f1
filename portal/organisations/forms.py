from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, EqualTo, Length, Optional, ValidationError

from ..forms import Form, Required, strip_whitespace
from ..models import SECTORS
from . import numbers
from .numbers import InvalidOrganisationNumber, normalise_organisation_number

MIN_PASSWORD_LENGTH = 12


class OrganisationNumber:
    """Validates an organisation number and stores the normalised 10 digits on the field."""

    def __call__(self, form, field):
        try:
            field.normalised = normalise_organisation_number(field.data)
        except InvalidOrganisationNumber as error:
            raise ValidationError(numbers.message(error)) from None


class EmployerRegistrationForm(Form):
    organisation_number = StringField(
        _l("Organisation number"),
        description=_l("10 digits, for example 556677-8899"),
        validators=[Required(_l("Enter the organisation number")), OrganisationNumber()],
    )
    name = StringField(
        _l("Organisation name"),
        validators=[Required(_l("Enter the organisation's name")), Length(max=200)],
    )
    workplace_address = TextAreaField(
        _l("Workplace address"),
        validators=[Required(_l("Enter the workplace address")), Length(max=500)],
    )
    sector = SelectField(
        _l("Sector"),
        choices=[SelectChoice("", _l("Choose a sector"))] + [SelectChoice(code, label) for code, label in SECTORS.items()],
        validators=[Required(_l("Choose the sector the organisation works in"))],
    )
    has_collective_agreement = RadioField(
        _l("Does a collective agreement apply at the workplace?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[Required(_l("Say whether a collective agreement applies"))],
    )
    contact_person = StringField(
        _l("Contact person (your full name)"),
        validators=[Required(_l("Enter your full name")), Length(max=200)],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Required(_l("Enter your e-mail address")),
            Email(_l("Enter an e-mail address like name@example.com"), check_deliverability=False),
            Length(max=254),
        ],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least %(count)d characters", count=MIN_PASSWORD_LENGTH),
        validators=[
            Required(_l("Choose a password")),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("The password must have at least 12 characters")),
        ],
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[
            Required(_l("Type the password again")),
            EqualTo("password", _l("The two passwords are not the same")),
        ],
    )
    accept_terms = BooleanField(
        _l("I may act for the organisation and the details are true"),
        validators=[Required(_l("Confirm that you may act for the organisation"))],
    )
    submit = SubmitField(_l("Register"))


class OrganisationSearchForm(Form):
    """The list's search box, read from the query string (a GET form that changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name or organisation number"), filters=[strip_whitespace],
                    validators=[Optional(), Length(max=100, message=_l("Search for at most 100 characters"))])
