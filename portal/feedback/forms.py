from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..forms import Form, InRange, Required, require_answers
from ..models import EMPLOYMENT_OFFER_LABELS, END_REASON_LABELS, GOAL_SCALE, OUTCOME_LABELS, RATING_SCALE

# Names its question: the error summary lists every missing answer, and each must say which it is.
COMPLETE_MESSAGE = _l("Answer “%(question)s” before you submit; you can save a draft without it")


def _choices(labels):
    return [SelectChoice(str(code), label) for code, label in labels.items()]


class DraftOrSubmitForm(Form):
    """A form that can be saved half-filled as a draft, and submitted once complete."""

    save_draft = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit"))
    required_to_submit = ()

    def require_complete(self):
        """On submit every answer is needed; put a message next to each missing one."""
        return require_answers(self, self.required_to_submit, COMPLETE_MESSAGE)


class EmployerReportForm(DraftOrSubmitForm):
    attendance_percent = IntegerField(
        _l("Attendance"), description=_l("Share of the scheduled days the participant attended, in per cent (0–100)"),
        invalid_value_message=_l("Enter the attendance as a whole number from 0 to 100"),
        validators=[Optional(), InRange(min=0, max=100, message=_l("Enter a number from 0 to 100"))],
    )
    tasks_done = TextAreaField(_l("Tasks the participant did"), validators=[Optional(), Length(max=4000)])
    went_well = TextAreaField(_l("What went well"), validators=[Optional(), Length(max=4000)])
    could_develop = TextAreaField(_l("What the participant could develop"), validators=[Optional(), Length(max=4000)])
    certificate_reference = TextAreaField(
        _l("A reference for the participant's placement certificate (optional)"),
        description=_l("Printed on the certificate the participant receives, after they have read it."),
        validators=[Optional(), Length(max=2000)])
    employment_offered = RadioField(
        _l("Was the participant offered employment?"), choices=_choices(EMPLOYMENT_OFFER_LABELS),
        validators=[Optional()],
    )
    would_take_again = RadioField(
        _l("Would you take a participant again?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))], validators=[Optional()],
    )
    required_to_submit = ("attendance_percent", "tasks_done", "employment_offered", "would_take_again")


def employer_report_form(learning_goals, **kwargs):
    """The report form with one rating per learning goal of the slot."""

    class ReportForm(EmployerReportForm):
        pass

    names = []
    for goal in learning_goals:
        name = f"goal_{goal.id}"
        setattr(ReportForm, name, RadioField(goal.text, choices=_choices(GOAL_SCALE), validators=[Optional()]))
        names.append(name)
    ReportForm.required_to_submit = EmployerReportForm.required_to_submit + tuple(names)
    form = ReportForm(**kwargs)
    # The goals come right after the tasks, as on the page, so the error summary lists them in its order.
    order = list(form._fields)
    for name in names:
        order.remove(name)
    at = order.index("tasks_done") + 1
    order[at:at] = names
    form._fields = type(form._fields)((name, form._fields[name]) for name in order)
    form.goal_fields = [form[name] for name in names]
    for goal, field in zip(learning_goals, form.goal_fields):
        field.question = _l("Learning goal: %(goal)s", goal=goal.text)  # the label is the goal alone
    return form


class JobSeekerFeedbackForm(DraftOrSubmitForm):
    supervision_rating = RadioField(_l("How was the help from your supervisor?"), choices=_choices(RATING_SCALE),
                                    validators=[Optional()])
    learning_rating = RadioField(_l("How much did you learn?"), choices=_choices(RATING_SCALE), validators=[Optional()])
    treatment_rating = RadioField(_l("How were you treated at the workplace?"), choices=_choices(RATING_SCALE),
                                  validators=[Optional()])
    purpose_met = RadioField(
        _l("Did the placement give you what it was meant to?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("partly", _l("Partly")), SelectChoice("no", _l("No"))],
        validators=[Optional()],
    )
    job_outcome = RadioField(
        _l("Did you get a job, or were you offered one?"),
        choices=[
            SelectChoice("none", _l("No")),
            SelectChoice("offered", _l("I was offered a job")),
            SelectChoice("got-job", _l("I got a job")),
        ],
        validators=[Optional()],
    )
    learned = TextAreaField(_l("What did you learn?"), validators=[Optional(), Length(max=4000)])
    free_text = TextAreaField(
        _l("Anything else you want to tell us?"),
        description=_l("Only the employment service reads this. The employer never sees it with your name."),
        validators=[Optional(), Length(max=4000)],
    )
    required_to_submit = ("supervision_rating", "learning_rating", "treatment_rating", "purpose_met", "job_outcome")


class EndEarlyForm(Form):
    ended_on = DateField(
        _l("Last day of the placement"), invalid_value_message=_l("Enter the date like 2027-03-15"),
        validators=[Required(_l("Enter the last day of the placement"))],
    )
    reason = SelectField(
        _l("Why does the placement end early?"),
        choices=[SelectChoice("", _l("Choose a reason"))] + _choices(END_REASON_LABELS),
        validators=[Required(_l("Choose why the placement ends early"))],
    )
    note = TextAreaField(_l("More about why (optional)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("End the placement"))


class FollowUpForm(Form):
    outcome = RadioField(
        _l("Where is the participant three months after the placement?"), choices=_choices(OUTCOME_LABELS),
        validators=[Required(_l("Choose where the participant is now"))],
    )
    submit = SubmitField(_l("Save the follow-up"))


def rating_value(answer):
    """A rating's answer as a number, or None when left out. White space alone counts as left out:
    WTForms' Optional() lets it past the check against the choices."""
    answer = (answer or "").strip()
    return int(answer) if answer else None
