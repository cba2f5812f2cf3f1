from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from ..forms import Form, Required
from ..models import ReviewDecision
from ..models.slots import CONSULTATION_METHOD_LABELS, ConsultationMethod, DecisionOutcome


class ReadState:
    """The slot as the coordinator's page showed it (revision and status): the action applies to that
    state only (workflow.decide, workflow.record_review)."""

    revision = HiddenField()
    status = HiddenField()

    @property
    def read_revision(self):
        value = (self.revision.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else -1

    @property
    def read_status(self):
        return (self.status.data or "").strip()


class DecisionForm(ReadState, Form):
    outcome = RadioField(
        _l("Your decision"),
        choices=[
            SelectChoice(DecisionOutcome.APPROVE.value, _l("Approve: the slot opens for matching")),
            SelectChoice(DecisionOutcome.REFUSE.value, _l("Refuse: the slot does not go ahead as it is")),
        ],
        validators=[Required(_l("Choose approve or refuse"))],
    )
    reason = TextAreaField(
        _l("Reason for the decision"),
        description=_l("The employer and the union representative see it. Say how you weighed the union's statement."),
        validators=[Required(_l("Give the reason for your decision")), Length(max=4000)],
    )
    submit = SubmitField(_l("Record the decision"))


class HeldAnotherWayForm(ReadState, Form):
    """A consultation the coordinator held outside the portal: it counts as the union's statement."""

    method = SelectField(
        _l("How was the union consulted?"),
        choices=[SelectChoice("", _l("Choose how"))] + [
            SelectChoice(method.value, label) for method, label in CONSULTATION_METHOD_LABELS.items()
            if method != ConsultationMethod.PORTAL
        ],
        validators=[Required(_l("Choose how the union was consulted"))],
    )
    held_on = DateField(_l("When was it held?"), invalid_value_message=_l("Enter the date like 2026-03-15"),
                        validators=[Required(_l("Enter the day the consultation was held"))])
    consulted = StringField(_l("Who was consulted (name and union)"),
                            validators=[Required(_l("Enter who was consulted")), Length(max=200)])
    decision = RadioField(
        _l("The union's statement"),
        choices=[
            SelectChoice(ReviewDecision.CONSENT.value, _l("Supports the placement")),
            SelectChoice(ReviewDecision.OBJECT.value, _l("Objects to the placement")),
        ],
        validators=[Required(_l("Choose what the union said"))],
    )
    reason = TextAreaField(
        _l("What the union said"),
        validators=[Required(_l("Write what the union said, and why")), Length(max=4000)],
    )
    submit = SubmitField(_l("Record the consultation"))

    def validate_held_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("A consultation cannot be recorded before it is held: enter today or an earlier day"))


class AssignRepresentativeForm(Form):
    representative = SelectField(_l("Union representative"), coerce=int,
                                 validators=[Required(_l("Choose a union representative"))])
    cover = RadioField(
        _l("What the representative covers from now on"),
        choices=[
            SelectChoice("organisation", _l("This organisation")),
            SelectChoice("sector", _l("Every organisation in its sector")),
        ],
        validators=[Required(_l("Choose the organisation or its sector"))],
    )
    submit = SubmitField(_l("Assign the representative"))
