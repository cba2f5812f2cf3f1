from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from ..forms import Form

MAX_QUESTION = 500


class AskForm(Form):
    """A free-text question, or a quick reply (a button named "topic")."""

    question = StringField(
        _l("Ask your own question"),
        description=_l("For example: Can the participant cover for a colleague who is on holiday?"),
        validators=[Optional(), Length(max=MAX_QUESTION, message=_l("Write your question in at most 500 characters"))],
    )
    topic = HiddenField(validators=[Optional(), Length(max=60)])
    lang = HiddenField(validators=[Optional(), Length(max=5)])
    submit = SubmitField(_l("Ask"))

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not self.question.data and not self.topic.data:
            self.question.errors.append(_l("Type your question"))
            return False
        return True


class QuizForm(Form):
    """An answer to a comprehension question (the buttons are named "choice")."""

    quiz = HiddenField(validators=[InputRequired(), Length(max=60)])
    choice = HiddenField(validators=[InputRequired(), Length(max=60)])
    lang = HiddenField(validators=[Optional(), Length(max=5)])


class HandledForm(Form):
    """Staff: take an unanswered question off the list."""

    normalised = HiddenField(validators=[InputRequired(), Length(max=500)])
