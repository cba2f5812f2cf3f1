from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import InputRequired

from ..forms import Form


class LoginForm(Form):
    email = EmailField(_l("E-mail address"), validators=[InputRequired(_l("Enter your e-mail address"))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password"))])
    submit = SubmitField(_l("Log in"))
