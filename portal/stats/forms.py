from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import Select

from ..forms import Form
from ..models import PLACEMENT_TYPE_LABELS, SECTORS


class LongSelect(Select):
    """A select with many plain options (every organisation): each option written as one string.

    The same HTML as WTForms' Select, which builds each option through html_params: with two
    thousand organisations that alone took a large share of the statistics page.
    """

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        return Markup(f'<option{selected} value="{escape(choice.value)}">{escape(choice.label or choice.value)}</option>')


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
    organisation = SelectField(_l("Organisation"), choices=[], validators=[Optional()], widget=LongSelect())

    def validate_period_to(self, field):
        if field.data and self.period_from.data and field.data < self.period_from.data:
            raise ValidationError(_l("The end of the period must be after its start"))
