from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import Select, html_params

from ..forms import Form
from ..models import PLACEMENT_TYPE_LABELS, SECTORS


class LongSelect(Select):
    """A select with many plain options (every organisation), written from their HTML made once.

    field.options_html holds the options but the first ("all"), none selected, as made by
    options_html() and kept with the organisations (portal/figure_cache.py): two thousand options
    built through WTForms took a third of the statistics page.
    """

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        first = field.choices[0]
        options = field.options_html
        if field.data:
            chosen = f'<option value="{escape(field.data)}">'
            options = options.replace(chosen, chosen.replace("<option ", "<option selected ", 1), 1)
        return Markup(f'<select {html_params(name=field.name, **kwargs)}>'
                      f'<option value="{escape(first.value)}">{escape(first.label)}</option>{options}</select>')


def options_html(choices):
    """<option> elements for (value, label) pairs, none selected."""
    return "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices)


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
    # Checked against organisation_ids below rather than by going through every choice.
    organisation = SelectField(_l("Organisation"), choices=[], validators=[Optional()], widget=LongSelect(),
                               validate_choice=False)
    organisation_ids = frozenset()  # set by the view: the organisations this user may filter by

    def validate_organisation(self, field):
        if (field.data or "").strip() and field.data not in self.organisation_ids:
            raise ValidationError(_l("Choose an organisation from the list"))

    def validate_period_to(self, field):
        if field.data and self.period_from.data and field.data < self.period_from.data:
            raise ValidationError(_l("The end of the period must be after its start"))
