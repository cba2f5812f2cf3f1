"""Notices and e-mail to the parties of an agreement, in Swedish and English (portal/notices), sent
when the transaction commits."""
from sqlalchemy import select

from .. import notices
from ..extensions import db
from ..mail import portal_link
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


def _texts(key, **values):
    """{"sv": ..., "en": ...}: the wording file's text in each language."""
    return {lang: wording(lang)["mail"][key].format(**_in(lang, values)) for lang in LANGUAGES}


def _values(agreement, **extra):
    slot = agreement.placement.slot
    return {
        "reference": agreement.reference,
        "title": slot.title,
        "employer": slot.organisation.name,
        "url": portal_link("agreements.show", reference=agreement.reference),
        **extra,
    }


def ask_to_sign(agreement, reminder=False):
    """Tell everyone still awaited (a notice and an e-mail each); returns how many were told."""
    values = _values(agreement)
    subject = _texts("remind_subject" if reminder else "ask_subject", **values)
    body = _texts("ask_body", **values)
    count = 0
    for role in awaited_roles(agreement):
        for user in party_users(agreement, role):
            notices.notify(user, notices.AGREEMENT_TO_SIGN, subject=subject, body=body,
                           link_endpoint="agreements.show", reference=agreement.reference)
            count += 1
    return count


def tell_everyone(agreement, subject_key, body_key, kind=None, **extra):
    kind = kind or (notices.AGREEMENT_DECLINED if subject_key.startswith("declined") else notices.AGREEMENT_SIGNED)
    values = _values(agreement, **extra)
    users = {user.id: user for role in SignerRole for user in party_users(agreement, role)}
    for user in sorted(users.values(), key=lambda user: user.email):
        notices.notify(user, kind, subject=_texts(subject_key, **values), body=_texts(body_key, **values),
                       link_endpoint="agreements.show", reference=agreement.reference)
