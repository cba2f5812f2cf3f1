from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField

from ..forms import Form, Required


class LoginForm(Form):
    email = EmailField(_l("E-mail address"), validators=[Required(_l("Enter your e-mail address"))])
    password = PasswordField(_l("Password"), validators=[Required(_l("Enter your password"))])
    submit = SubmitField(_l("Log in"))
