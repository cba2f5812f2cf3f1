from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from ..forms import Form, Required, require_answers
from ..models import LANGUAGE_LEVEL_LABELS, PLACEMENT_TYPE_LABELS
from ..programmes import _current_language, programmes
from . import rules

# What the form says about each type, next to the choice (from the type's file).
SUMMARY_LABELS = {
    "refers": _l("Who decides and arranges it"),
    "period.limit": _l("Longest period"),
    "benefit": _l("The participant's benefit"),
    "host_compensation": _l("Payment to the host"),
}

# The employer's four declarations (DESIGN.md, section 4), named as on the form and on the page
# that checks the answers before a slot goes to consultation.
DECLARATION_LABELS = {
    "declares_no_reemployment_rights": _l(
        "No one at the workplace has been laid off for lack of work and still has a right of re-employment for this kind of work"
    ),
    "declares_no_labour_dispute": _l("There is no labour dispute (strike or lockout) at the workplace"),
    "declares_not_replacing_staff": _l("The participant will not cover a vacancy, sick leave, holidays or a seasonal peak"),
    "declares_supervisor_time": _l("The supervisor has time set aside for the participant"),
}
DECLARATIONS = tuple(DECLARATION_LABELS)

# Buttons and helpers of the form that are not the slot's values.
NOT_VALUES = ("csrf_token", "learning_goals", "save_draft", "submit_for_review", "check_answers",
              "previous_supervisor", "use_supervisor")


class SlotForm(Form):
    placement_type = RadioField(
        _l("Type of placement"),
        # The types and their names come from content/programmes/ (in the files' order for the form).
        choices=[SelectChoice(code, PLACEMENT_TYPE_LABELS[code]) for code in programmes()],
        validators=[Required(_l("Choose the type of placement"))],
    )
    title = StringField(
        _l("Title"), description=_l("What the placement is called, for example 'Shop assistant in our food store'"),
        validators=[Required(_l("Enter a title")), Length(max=200)],
    )
    occupation = StringField(
        _l("Occupation"), description=_l("The occupation the participant gets to know, for example 'Shop assistant'"),
        validators=[Required(_l("Enter the occupation")), Length(max=200)],
    )
    tasks = TextAreaField(
        _l("Tasks"), description=_l("What the participant will do during a normal week"),
        validators=[Required(_l("Describe the tasks")), Length(max=4000)],
    )
    learning_goals = TextAreaField(
        _l("Learning goals"), description=_l("What the participant will learn: one goal per line"),
        validators=[Required(_l("Enter at least one learning goal"))],
    )
    places = IntegerField(
        _l("Number of places"),
        invalid_value_message=_l("Enter the number of places as a whole number, like 2"),
        validators=[Required(_l("Enter the number of places"))],
    )
    start_date = DateField(
        _l("Start date"), invalid_value_message=_l("Enter the start date like 2027-03-15"),
        validators=[Required(_l("Enter the start date"))],
    )
    end_date = DateField(
        _l("End date"), description=_l("The longest period depends on the type of placement (see above)"),
        invalid_value_message=_l("Enter the end date like 2027-06-15"),
        validators=[Required(_l("Enter the end date"))],
    )
    hours_per_week = IntegerField(
        _l("Hours per week"), description=_l("Full time is usually 40; never more than the workplace's normal hours"),
        invalid_value_message=_l("Enter the hours as a whole number, like 30"),
        validators=[Required(_l("Enter the hours per week"))],
    )
    schedule = TextAreaField(
        _l("Weekly schedule"), description=_l("For example 'Monday to Friday, 8.00–16.00'"),
        validators=[Required(_l("Describe the weekly schedule")), Length(max=1000)],
    )
    workplace_address = TextAreaField(
        _l("Workplace address"), validators=[Required(_l("Enter the workplace address")), Length(max=500)],
    )
    supervisor_name = StringField(
        _l("Supervisor's name"), validators=[Required(_l("Enter the supervisor's name")), Length(max=200)],
    )
    supervisor_role = StringField(
        _l("Supervisor's role"), description=_l("For example 'Store manager'"),
        validators=[Required(_l("Enter the supervisor's role")), Length(max=200)],
    )
    supervisor_phone = StringField(
        _l("Supervisor's phone"),
        validators=[
            Required(_l("Enter the supervisor's phone number")),
            Regexp(r"^\+?[0-9 ()-]{6,20}$", message=_l("Enter a phone number like 08-123 456 78")),
        ],
    )
    supervisor_email = EmailField(
        _l("Supervisor's e-mail address"),
        validators=[
            Required(_l("Enter the supervisor's e-mail address")),
            Email(_l("Enter an e-mail address like name@example.com"), check_deliverability=False),
            Length(max=254),
        ],
    )
    swedish_level = SelectField(
        _l("Swedish needed"),
        choices=[SelectChoice(code, label) for code, label in LANGUAGE_LEVEL_LABELS.items() if code != "native"],
        default="none",
        validators=[Required(_l("Choose the level of Swedish needed"))],
    )
    other_languages = StringField(
        _l("Other languages that help (optional)"), description=_l("For example 'Arabic, English'"),
        validators=[Optional(), Length(max=300)],
    )
    step_free_access = BooleanField(_l("The workplace has step-free access"))
    part_time_possible = BooleanField(_l("Part time is possible"))
    accessibility_notes = TextAreaField(
        _l("Accessibility and adjustments (optional)"), validators=[Optional(), Length(max=2000)],
    )
    declares_no_reemployment_rights = BooleanField(DECLARATION_LABELS["declares_no_reemployment_rights"])
    declares_no_labour_dispute = BooleanField(DECLARATION_LABELS["declares_no_labour_dispute"])
    declares_not_replacing_staff = BooleanField(DECLARATION_LABELS["declares_not_replacing_staff"])
    declares_supervisor_time = BooleanField(DECLARATION_LABELS["declares_supervisor_time"])

    # A supervisor named on one of the organisation's earlier slots, chosen instead of typed again:
    # "Use this supervisor" posts the form and the page comes back with the four fields filled
    # (server-side, no script); nothing is saved by it. The choices are set by the view.
    previous_supervisor = SelectField(_l("A supervisor you named before"), choices=[], validate_choice=False,
                                      validators=[Optional()])
    use_supervisor = SubmitField(_l("Use this supervisor"))

    save_draft = SubmitField(_l("Save as draft"))
    # A draft (or a refused slot) is saved and its answers shown to check before it goes to consultation.
    check_answers = SubmitField(_l("Continue to check your answers"))
    # Saves and sends at once: a change to a slot already in consultation or approved ("Save changes"),
    # and scripts that post the whole form.
    submit_for_review = SubmitField(_l("Submit for union review"))

    def __init__(self, *args, today, places_filled=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.places_filled = places_filled
        self.warning = None

    @staticmethod
    def programme_summaries():
        """Each type's name and a short plain summary from its file, in the page's language."""
        language = _current_language()
        return [
            (programme.name(language), [(SUMMARY_LABELS[key], text) for key, text in programme.summary(language)])
            for programme in programmes().values()
        ]

    @property
    def goals(self):
        return rules.parse_learning_goals(self.learning_goals.data)

    def validate_learning_goals(self, field):
        if not self.goals:
            raise ValidationError(_l("Enter at least one learning goal"))
        if len(self.goals) > rules.MAX_LEARNING_GOALS:
            raise ValidationError(_l("Enter at most 10 learning goals"))
        if any(len(goal) > 500 for goal in self.goals):
            raise ValidationError(_l("Keep each learning goal under 500 characters"))

    def validate_places(self, field):
        message = rules.places_error(field.data, self.places_filled)
        if message:
            raise ValidationError(message)

    def validate_hours_per_week(self, field):
        message = rules.hours_error(field.data, self.placement_type.data)
        if message:
            raise ValidationError(message)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.start_date.data and self.end_date.data:
            for name, message in rules.period_errors(
                self.start_date.data, self.end_date.data, self.today, self.placement_type.data
            ).items():
                if not self[name].errors:
                    self[name].errors.append(message)
                valid = False
            self.warning = rules.period_warning(self.start_date.data, self.end_date.data, self.placement_type.data)
        return valid

    def require_declarations(self):
        """Submitting needs every declaration; a draft does not. Returns whether all are confirmed."""
        return require_answers(
            self, DECLARATIONS, _l("Confirm “%(question)s” to submit the slot, or save it as a draft")
        )

    def slot_values(self):
        """The submitted values, keyed like the Slot model's columns."""
        return {
            name: field.data
            for name, field in self._fields.items()
            if name not in NOT_VALUES
        }


class ReplyToObjectionForm(Form):
    response = TextAreaField(
        _l("Your answer to the union"),
        validators=[Required(_l("Write your answer")), Length(max=2000)],
    )
    submit = SubmitField(_l("Send answer"))


class SendForm(Form):
    """The button on the page that checks a slot's answers; `revision` is the slot as shown there."""

    revision = IntegerField(widget=HiddenInput(), validators=[Required(), NumberRange(min=1, max=2**31 - 1)])
    send = SubmitField(_l("Send for consultation"))
