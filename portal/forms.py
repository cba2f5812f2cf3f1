"""Form base classes shared by every blueprint."""
import re

from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField, PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, StopValidation

# Control characters (C0, DEL, C1) but tab, newline and carriage return: nobody types them, NUL is
# refused by PostgreSQL, and a field holding only them would pass "required" and be saved empty.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS_AND_TABS = re.compile("[\t\r\n]")


def strip_whitespace(value):
    """Surrounding white space off, and NUL characters out: no form needs them and PostgreSQL refuses them."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def one_line(value):
    """A single-line field: tabs and line breaks (only a crafted post has them) become spaces."""
    return LINE_BREAKS_AND_TABS.sub(" ", value) if isinstance(value, str) else value


def without_control_characters(form, formdata):
    """The posted values without control characters, but for the form's password fields (kept as
    typed). Cleaned before any field reads them, so a field holding only "\\x00" is empty to
    every validator ("Enter a title"), not a title of one invisible character."""
    if not isinstance(formdata, MultiDict):
        return formdata
    passwords = {field.name for field in form if isinstance(field, PasswordField)}
    return MultiDict([
        (name, CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) and name not in passwords else value)
        for name, value in formdata.items(multi=True)
    ])


class Form(FlaskForm):
    """Strips surrounding white space from text fields (GOV.UK Notify's pattern) and control characters
    from everything posted; passwords are kept as typed."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            return without_control_characters(form, super().wrap_formdata(form, formdata))

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                cleaning = [strip_whitespace] if issubclass(field_class, TextAreaField) else [one_line, strip_whitespace]
                options = dict(options, filters=[*cleaning, *unbound_field.kwargs.get("filters", ())])
            return unbound_field.bind(form=form, **options)


class Required(InputRequired):
    """Like InputRequired, but white space alone counts as nothing typed."""

    def __call__(self, form, field):
        if field.raw_data and isinstance(field.raw_data[0], str) and not field.raw_data[0].strip():
            field.raw_data = []
        super().__call__(form, field)


class InRange(NumberRange):
    """Like NumberRange, but input that is not a number keeps only the field's own message for it
    ("Enter the year ... as four digits"), not also "between 1940 and ..." for the same mistake."""

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()  # no message of its own: the field's is already shown
        super().__call__(form, field)


def question_of(field):
    """The question a field asks, as a message names it: the `question` a form gave the field (when its
    label alone would not say it, e.g. a learning goal's text), else the label's text."""
    return getattr(field, "question", None) or field.label.text


def unanswered(field):
    """Whether a field is left without an answer: nothing chosen or typed, or a box not ticked (0 is an answer)."""
    return field.data is False or field.data is None or field.data in ("", [])


def require_answers(form, names, message):
    """Put `message` next to each of the fields `names` left unanswered; returns whether all are answered.

    For answers needed only to submit (a draft may leave them out). `message` is a (lazy) text with
    %(question)s, which becomes each field's own question: the error summary lists one entry per
    field, and "Answer this" seven times would not say which seven.
    """
    missing = [form[name] for name in names if unanswered(form[name])]
    for field in missing:
        field.errors = list(field.errors) + [message % {"question": question_of(field)}]
    return not missing


class EmptyForm(FlaskForm):
    """For POST-only buttons (log out, verify...), so that every action carries a CSRF token."""


def described_by(field):
    """The ids of a field's hint and error message, for aria-describedby."""
    ids = []
    if field.description:
        ids.append(f"{field.id}-hint")
    if field.errors:
        ids.append(f"{field.id}-error")
    return " ".join(ids) or None


def input_attributes(field, **attributes):
    """HTML attributes for a field: what the template asks for, plus the accessibility ones."""
    attributes = {name: value for name, value in attributes.items() if value}
    if described_by(field):
        attributes["aria-describedby"] = described_by(field)
    if field.errors:
        attributes["aria-invalid"] = "true"
    return attributes


def error_messages(form):
    """(field id, message) for every error in the form, for the error summary at the top of a page.

    Fields in a list of rows (a job-seeker's languages) are walked into, so each message links to
    its own row's field instead of showing WTForms' nested error dictionaries. Errors of the form
    as a whole (no field) come with the id None.
    """
    found = []

    def walk(field):
        if isinstance(field, FieldList):
            for entry in field:
                walk(entry)
        elif isinstance(field, FormField):
            for subfield in field:
                walk(subfield)
        else:
            found.extend((field.id, error) for error in field.errors)

    for field in form:
        walk(field)
    # An error of the whole form may name the notice on the page that explains it (slots.rules.Blocker).
    found.extend((getattr(error, "anchor", None), error) for error in form.form_errors)
    return found


def csrf_field():
    """The CSRF token as a hidden input without an id, for pages with several small POST forms."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())


def init_app(app):
    app.jinja_env.globals.update(described_by=described_by, input_attributes=input_attributes, csrf_field=csrf_field,
                                error_messages=error_messages)

