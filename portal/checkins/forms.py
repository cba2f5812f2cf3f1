from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..forms import Form, Required
from ..models.records import ATTENDANCE_LABELS

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class CheckInForm(Form):
    held_on = DateField(_l("Date of the check-in"), invalid_value_message=_l("Enter the date like 2027-03-15"),
                        validators=[Required(_l("Enter the date of the check-in"))])
    attendance = RadioField(_l("Attendance"), choices=[SelectChoice(k, v) for k, v in ATTENDANCE_LABELS.items()],
                            validators=[Required(_l("Choose how the participant attends"))])
    tasks_as_agreed = RadioField(_l("Are the tasks those agreed?"), choices=YES_NO,
                                 validators=[Required(_l("Answer whether the tasks are those agreed"))])
    supervisor_present = RadioField(_l("Is the supervisor there for the participant?"), choices=YES_NO,
                                    validators=[Required(_l("Answer whether the supervisor is there"))])
    replaces_staff = RadioField(_l("Does the participant seem to replace staff?"), choices=YES_NO,
                                validators=[Required(_l("Answer whether the participant seems to replace staff"))])
    participant_view = TextAreaField(_l("The participant's view"),
                                     validators=[Required(_l("Write what the participant says about the placement")),
                                                 Length(max=4000)])
    note = TextAreaField(_l("Your notes (optional)"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Save the check-in"))

    def values(self):
        return {
            "held_on": self.held_on.data, "attendance": self.attendance.data,
            "tasks_as_agreed": self.tasks_as_agreed.data == "yes",
            "supervisor_present": self.supervisor_present.data == "yes",
            "replaces_staff": self.replaces_staff.data == "yes",
            "participant_view": self.participant_view.data, "note": self.note.data or "",
        }
