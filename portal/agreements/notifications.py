"""E-mail to the parties of an agreement, in Swedish and English, sent when the transaction commits."""
from sqlalchemy import select

from ..extensions import db
from ..mail import portal_link, send_after_commit
from ..models import Role, SignerRole, User
from .wording import LANGUAGES, wording


def party_users(agreement, role):
    """Who may sign for a role: the organisation's employer accounts, the job-seeker, the coordinators."""
    placement = agreement.placement
    if role == SignerRole.EMPLOYER:
        return db.session.scalars(
            select(User).where(User.role == Role.EMPLOYER, User.organisation_id == placement.slot.organisation_id)
        ).all()
    if role == SignerRole.JOBSEEKER:
        user = placement.jobseeker.user
        return [user] if user is not None else []
    # Any coordinator may sign for the authority; the ones who matched and drafted are told.
    return list({user.id: user for user in (placement.matched_by, agreement.created_by) if user}.values())


def awaited_roles(agreement):
    version = agreement.current_version
    return [role for role in SignerRole if version.signature_for(role) is None]


def _in(lang, values):
    """The values with a role code put into the language's words."""
    if "role" in values:
        values = dict(values, role=wording(lang)["signatures"]["roles"].get(values["role"], values["role"]))
    return values


def _bilingual(key, **values):
    return "\n\n---\n\n".join(wording(lang)["mail"][key].format(**_in(lang, values)) for lang in LANGUAGES)


def _values(agreement, **extra):
    slot = agreement.placement.slot
    return {
        "reference": agreement.reference,
        "title": slot.title,
        "employer": slot.organisation.name,
        "url": portal_link("agreements.show", reference=agreement.reference),
        **extra,
    }


def _subject(key, **values):
    return " / ".join(wording(lang)["mail"][key].format(**_in(lang, values)) for lang in LANGUAGES)


def ask_to_sign(agreement, reminder=False):
    """Mail everyone still awaited; returns how many messages were queued."""
    values = _values(agreement)
    subject = _subject("remind_subject" if reminder else "ask_subject", **values)
    body = _bilingual("ask_body", **values)
    count = 0
    for role in awaited_roles(agreement):
        for user in party_users(agreement, role):
            send_after_commit(user.email, subject, body)
            count += 1
    return count


def tell_everyone(agreement, subject_key, body_key, **extra):
    values = _values(agreement, **extra)
    recipients = {user.email for role in SignerRole for user in party_users(agreement, role)}
    for email in sorted(recipients):
        send_after_commit(email, _subject(subject_key, **values), _bilingual(body_key, **values))
