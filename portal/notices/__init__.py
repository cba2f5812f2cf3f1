"""Notices: telling a person that something waits for them, in the portal and by e-mail.

Any area calls `notify(user, kind, subject=..., body=..., link_endpoint=..., **link_values)` in
the transaction that makes the change. It adds a Notice (the person's notices page, the unread
count in the header) and, unless `mail=False`, an e-mail in the outbox (portal/mail.py), both in
the current transaction and neither committed here: a rollback tells nobody anything.

`subject` and `body` may be
- a function returning the text, called once per language under that locale (use `_()` inside);
- a lazy string (`_l("...", name=...)`), rendered once per language;
- a dict {"sv": ..., "en": ...} for texts made elsewhere (the agreement's wording files);
- a plain string, used as it is in both.
The page itself (/notices) is in routes.py. The e-mail is in Swedish, then English, like the portal's other mail; the link at its end comes
from PORTAL_URL (`portal_link`), the notice keeps the link's path.
"""
from flask import Blueprint, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..extensions import db
from ..mail import portal_link, send_after_commit
from ..models import Notice
from ..models.base import utcnow

bp = Blueprint("notices", __name__, url_prefix="/notices")

LANGUAGES = ("sv", "en")

# The kinds of notice: what the person is told about. Short and stable (kept in the database).
ORGANISATION_VERIFIED = "organisation-verified"
SLOT_SENT_FOR_CONSULTATION = "slot-sent-for-consultation"
STATEMENT_GIVEN = "statement-given"
COORDINATOR_DECISION = "coordinator-decision"
MATCHED = "matched"
AGREEMENT_TO_SIGN = "agreement-to-sign"
AGREEMENT_SIGNED = "agreement-signed"
AGREEMENT_DECLINED = "agreement-declined"
AGREEMENT_CHANGED = "agreement-changed"
CHANGE_PROPOSED = "change-proposed"
SIGNED_ON_BEHALF = "signed-on-behalf"
CHECK_IN_DUE = "check-in-due"
CHECK_IN_FLAGGED = "check-in-flagged"
FEEDBACK_DUE = "feedback-due"
CONSULTATION_UNCOVERED = "consultation-uncovered"
DRAFT_TO_BE_DELETED = "draft-to-be-deleted"
CERTIFICATE_ISSUED = "certificate-issued"
WELCOME = "welcome"

KINDS = {
    ORGANISATION_VERIFIED: _l("Organisation verified"),
    SLOT_SENT_FOR_CONSULTATION: _l("Slot sent for consultation"),
    STATEMENT_GIVEN: _l("Statement given"),
    COORDINATOR_DECISION: _l("Coordinator's decision"),
    MATCHED: _l("Match"),
    AGREEMENT_TO_SIGN: _l("Agreement to sign"),
    AGREEMENT_SIGNED: _l("Agreement signed"),
    AGREEMENT_DECLINED: _l("Agreement declined"),
    AGREEMENT_CHANGED: _l("Agreement changed"),
    CHANGE_PROPOSED: _l("Change proposed"),
    SIGNED_ON_BEHALF: _l("Signed on your behalf"),
    CHECK_IN_DUE: _l("Check-in due"),
    CHECK_IN_FLAGGED: _l("Check-in flagged"),
    FEEDBACK_DUE: _l("Feedback due"),
    CONSULTATION_UNCOVERED: _l("Consultation without a representative"),
    DRAFT_TO_BE_DELETED: _l("Draft to be deleted"),
    CERTIFICATE_ISSUED: _l("Certificate issued"),
    WELCOME: _l("Welcome"),
}


def kind_label(kind):
    return KINDS.get(kind, kind)


def in_each_language(text):
    """{"sv": ..., "en": ...} for a text given in any of the forms the module docstring lists."""
    if isinstance(text, dict):
        return {lang: str(text.get(lang) or text.get("sv") or "") for lang in LANGUAGES}
    texts = {}
    for lang in LANGUAGES:
        with force_locale(lang):
            texts[lang] = str(text() if callable(text) else text)
    return texts


def notify(user, kind, *, subject, body, link_endpoint=None, mail=True, **link_values):
    """Tell `user` (a User; None does nothing) about something; returns the Notice (not committed)."""
    if user is None:
        return None
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}: add it to portal.notices.KINDS")
    subjects = in_each_language(subject)
    path = link = None
    if link_endpoint:
        path = current_app.url_map.bind("portal.invalid").build(link_endpoint, link_values)
        link = portal_link(link_endpoint, **link_values)
    notice = Notice(user=user, kind=kind, text=subjects["sv"], text_en=subjects["en"], link_path=path,
                    created_at=utcnow())
    db.session.add(notice)
    if mail and user.email:
        bodies = in_each_language(body)
        parts = []
        for lang in LANGUAGES:
            with force_locale(lang):
                part = bodies[lang].rstrip()
                if link and link not in part:
                    part += "\n\n" + _("Open it in Praktikportalen: %(link)s", link=link)
                parts.append(part)
        send_after_commit(user.email, " / ".join(subjects[lang] for lang in LANGUAGES), "\n\n---\n\n".join(parts))
    return notice


def notify_all(users, kind, **kwargs):
    """notify() each user once (a person in two of the lists is told once)."""
    seen = {}
    for user in users:
        if user is not None and user.id not in seen:
            seen[user.id] = notify(user, kind, **kwargs)
    return list(seen.values())


def unread_count(user):
    """How many of the user's notices are unread (the header's count: one indexed query)."""
    return db.session.scalar(
        select(func.count(Notice.id)).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    ) or 0


def notices_for(user, limit=None):
    query = select(Notice).where(Notice.user_id == user.id).order_by(Notice.created_at.desc(), Notice.id.desc())
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()


def mark_read(user, notice_id=None):
    """Mark one of the user's notices (or all of them) read; returns how many changed."""
    statement = update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    if notice_id is not None:
        statement = statement.where(Notice.id == notice_id)
    return db.session.execute(statement.values(read_at=utcnow())).rowcount


from . import routes, steps  # noqa: E402,F401  (the page; the steps seen from the session)
