"""Questions the guide could not answer: kept without personal details, counted for staff."""
import re
import unicodedata

from sqlalchemy import func, select, update

from ..extensions import db
from ..models import UnansweredQuestion
from ..models.base import utcnow

MAX_LENGTH = 500

# Order matters: identity numbers before phone numbers, as both are runs of digits.
_REDACTIONS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    # Personal identity numbers: (YY)YYMMDD-NNNN, with -, + or nothing between.
    (re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)"), "[id number]"),
    # Phone numbers: +46 / 0046 / 0..., at least eight digits with spaces or dashes between.
    (re.compile(r"(?<![\w+])(?:(?:\+|00)\d{1,3}|0)[\s-]?\d(?:[\s-]?\d){5,}(?!\d)"), "[phone]"),
)


def plain(text):
    """The text in the forms the redactions know: compatibility characters as their plain ones (NFKC:
    full-width １９９００１０１－１２３４ as 19900101-1234), any script's digits (Arabic-Indic ١٩٩٠...)
    as 0-9, every kind of dash as "-", and invisible format characters (zero-width space...) out."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(_plain_character(character) for character in text)


def _plain_character(character):
    if character.isascii():
        return character
    if character.isdecimal():
        return str(unicodedata.decimal(character))
    category = unicodedata.category(character)
    if category == "Pd" or character == "\u2212":  # dashes, and the minus sign
        return "-"
    if category == "Cf":
        return ""
    return character


def redact(text):
    """The text without e-mail addresses, personal identity numbers and phone numbers."""
    text = plain(text)
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def normalise(text):
    """The form a question is counted under: lower case, words only, single spaces."""
    return " ".join(re.findall(r"[\w\[\]-]+", text.lower()))[:MAX_LENGTH]


def record(question, lang, closest_topic=None):
    """Keep an unanswered question for staff (the caller commits)."""
    text = redact(question.strip())[:MAX_LENGTH]
    key = normalise(text)
    if not key:
        return None
    row = UnansweredQuestion(question=text, normalised=key, lang=lang, closest_topic=closest_topic)
    db.session.add(row)
    return row


def open_questions(limit=200):
    """Unanswered questions not yet handled, most often asked first, each with its count."""
    count = func.count(UnansweredQuestion.id).label("count")
    rows = db.session.execute(
        select(
            UnansweredQuestion.normalised,
            count,
            func.max(UnansweredQuestion.question).label("example"),
            func.max(UnansweredQuestion.closest_topic).label("closest_topic"),
            func.min(UnansweredQuestion.lang).label("lang"),
            func.max(UnansweredQuestion.asked_at).label("last_asked"),
        )
        .where(UnansweredQuestion.handled_at.is_(None))
        .group_by(UnansweredQuestion.normalised)
        .order_by(count.desc(), func.max(UnansweredQuestion.asked_at).desc())
        .limit(limit)
    ).all()
    return rows


def mark_handled(normalised):
    """Take a question off the staff list (the caller commits); returns how many rows changed."""
    result = db.session.execute(
        update(UnansweredQuestion)
        .where(UnansweredQuestion.normalised == normalised, UnansweredQuestion.handled_at.is_(None))
        .values(handled_at=utcnow())
    )
    return result.rowcount
