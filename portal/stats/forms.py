from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from ..forms import Form
from ..models import PLACEMENT_TYPE_LABELS, SECTORS


class StatisticsFilterForm(Form):
    """Filters read from the query string, so a filtered page can be bookmarked and exported."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    period_from = DateField(_l("Placements starting from"), invalid_value_message=_l("Enter the date like 2026-01-01"),
                            validators=[Optional()])
    period_to = DateField(_l("Placements starting until"), invalid_value_message=_l("Enter the date like 2026-12-31"),
                          validators=[Optional()])
    placement_type = SelectField(
        _l("Type of placement"),
        choices=[SelectChoice("", _l("All types"))] + [SelectChoice(code, label) for code, label in PLACEMENT_TYPE_LABELS.items()],
        validators=[Optional()],
    )
    sector = SelectField(
        _l("Sector"),
        choices=[SelectChoice("", _l("All sectors"))] + [SelectChoice(code, label) for code, label in SECTORS.items()],
        validators=[Optional()],
    )
    # Typed, not chosen from a list: a list of every organisation made the page 1 MB at 20,000 of them.
    organisation = StringField(
        _l("Organisation"), description=_l("Its name or organisation number, like 556677-8899. Empty for all."),
        validators=[Optional(), Length(max=200)])
    find_organisation = None  # set by the view: text -> (organisation id or None, why not)
    organisation_id = None  # the organisation found, after validate()

    def validate_organisation(self, field):
        if (field.data or "").strip() and not field.errors:  # (too long: that message alone)
            self.organisation_id, problem = self.find_organisation(field.data)
            if problem:
                raise ValidationError(problem)

    def validate_period_to(self, field):
        if field.data and self.period_from.data and field.data < self.period_from.data:
            raise ValidationError(_l("The end of the period must be after its start"))
