from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms import Form as PlainForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..forms import Form, InRange, Required, strip_whitespace
from ..models import LANGUAGE_LEVEL_LABELS

GENDER_CHOICES = [
    SelectChoice("woman", _l("Woman")),
    SelectChoice("man", _l("Man")),
    SelectChoice("other", _l("Other or not stated")),
]


class LanguageForm(PlainForm):
    """One language the person speaks; rows left empty are ignored."""

    language = StringField(_l("Language"), filters=[strip_whitespace], validators=[Optional(), Length(max=60)])
    level = SelectField(
        _l("Level"),
        choices=[SelectChoice(code, label) for code, label in LANGUAGE_LEVEL_LABELS.items() if code != "none"],
        default="basic",
    )


class JobSeekerForm(Form):
    full_name = StringField(_l("Full name"), validators=[Required(_l("Enter the person's full name")), Length(max=200)])
    gender = RadioField(
        _l("Gender"), description=_l("Used only for statistics split by gender"),
        choices=GENDER_CHOICES, validators=[Required(_l("Choose an answer; 'Other or not stated' is fine"))],
    )
    birth_year = IntegerField(
        _l("Year of birth"), invalid_value_message=_l("Enter the year of birth as four digits, like 1990"),
        validators=[Required(_l("Enter the year of birth")),
                    InRange(min=1940, max=date.today().year - 15,
                                message=_l("Enter a year of birth between 1940 and %(max)d", max=date.today().year - 15))],
    )
    education = TextAreaField(_l("Education"), validators=[Optional(), Length(max=2000)])
    experience = TextAreaField(_l("Previous work experience"), validators=[Optional(), Length(max=2000)])
    desired_occupation = StringField(
        _l("Desired occupation"), validators=[Required(_l("Enter the occupation the person wants")), Length(max=200)]
    )
    desired_development = TextAreaField(
        _l("What the person wants to learn or develop"), validators=[Optional(), Length(max=2000)]
    )
    languages = FieldList(FormField(LanguageForm), label=_l("Languages"), min_entries=4, max_entries=10)
    needs_step_free_access = BooleanField(_l("Needs step-free access"))
    needs_part_time = BooleanField(_l("Needs part time"))
    adjustment_needs = TextAreaField(_l("Other needs for adjustment"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))

    def language_rows(self):
        return [(row.language.data, row.level.data) for row in self.languages if row.language.data]



class JobSeekerSearchForm(Form):
    """The list's search box, read from the query string (a GET form that changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name or desired occupation"), filters=[strip_whitespace],
                    validators=[Optional(), Length(max=100, message=_l("Search for at most 100 characters"))])


class OverlapForm(Form):
    """Matching although another placement of the person overlaps: a confirmed reason, kept."""

    reason = TextAreaField(
        _l("Why match despite the overlap?"),
        description=_l("For example: the other placement ends early, or the two are part time on different days. "
                       "Kept with the placement and shown in its history"),
        validators=[Required(_l("Give the reason for matching despite the overlap")), Length(max=1000)],
    )
    confirm = BooleanField(
        _l("I have checked the overlap and confirm the match"),
        validators=[Required(_l("Confirm that you have checked the overlap"))],
    )
