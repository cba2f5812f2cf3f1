from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from ..forms import Form, Required
from ..models import ReviewDecision


class ReviewForm(Form):
    decision = RadioField(
        _l("Your statement"),
        choices=[
            SelectChoice(ReviewDecision.CONSENT.value, _l("Support: the union has no objection to this placement")),
            SelectChoice(ReviewDecision.OBJECT.value, _l("Object: the placement should not go ahead as it is")),
        ],
        validators=[Required(_l("Choose support or object"))],
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Needed when you object. The coordinator decides with your statement in front of them; "
                       "the employer sees it too and may answer or revise the slot."),
        validators=[Length(max=4000)],
    )
    # The slot's revision the representative read: the statement answers that one (workflow.record_review).
    revision = HiddenField()
    submit = SubmitField(_l("Send statement"))

    @property
    def read_revision(self):
        """The revision posted, or None when it is missing or not a number (then the statement is refused)."""
        value = (self.revision.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else None

    def validate_reason(self, field):
        if self.decision.data == ReviewDecision.OBJECT and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason for your objection, so that the employer can act on it"))
