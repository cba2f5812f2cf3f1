from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SubmitField

from ..forms import Form, Required


class AcceptForm(Form):
    accept = BooleanField(_l("I have read the text and accept it for my certificate"),
                          validators=[Required(_l("Tick the box to accept the text, or ask your coordinator to "
                                                  "have it corrected"))])
    shown = HiddenField()  # the SHA-256 of the text the person read
    submit = SubmitField(_l("Issue my certificate"))
