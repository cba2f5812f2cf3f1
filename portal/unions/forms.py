from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, SubmitField, widgets
from wtforms.fields.choices import SelectChoice

from ..forms import Form
from ..models import SECTORS


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ScopeForm(Form):
    sectors = CheckboxesField(
        _l("Sectors covered"),
        description=_l("Every organisation in these sectors"),
        choices=[SelectChoice(code, label) for code, label in SECTORS.items()],
    )
    organisations = CheckboxesField(_l("Organisations covered"), description=_l("Single organisations, whatever their sector"),
                                    coerce=int, choices=[])
    submit = SubmitField(_l("Save scope"))
