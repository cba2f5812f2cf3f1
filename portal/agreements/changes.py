"""Changes to a running placement as new agreement versions (issue 15, part 3; DESIGN.md §3 item 7).

The employer or the coordinator proposes a change of period, tasks, hours, schedule or supervisor
with a reason. It becomes a new version of the agreement that all three sign again; until then the
old terms stand: the placement's terms (and the dates the statistics read) are those of its last
fully signed version, written to the placement only when the change's version is complete
(`apply_signed_change`, called by signing). A declined change leaves the old terms standing.

One change at a time: a change is proposed only on a fully signed agreement, and the new version
takes the next number (unique per agreement) and moves the audit chain's head (compare-and-set), so
of two proposals made at the same moment one is made and the other finds a change pending.
"""
import json
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import notices
from ..extensions import db
from ..models import (
    AgreementStatus,
    ChangeStatus,
    PlacementChange,
    PlacementStatus,
    Role,
    VersionStatus,
)
from ..models.base import utcnow
from ..notices.steps import representatives_covering
from ..slots import rules
from .events import EventKind, append_event, canonical_json, retrying

# The terms a change may concern, as the slot names them.
PERIOD = ("start_date", "end_date")
SUPERVISOR = ("supervisor_name", "supervisor_role", "supervisor_phone", "supervisor_email")
TERM_FIELDS = (*PERIOD, "tasks", "hours_per_week", "schedule", *SUPERVISOR)
# A change of tasks or hours, or a longer placement, is one the union is asked about again
# (DESIGN.md §4: the consultation judges tasks, hours and displacement).
UNION_KINDS = frozenset({"extend", "tasks", "hours"})


class ChangeError(Exception):
    """Why a change cannot be proposed now; `code` is stable, `errors` holds field messages."""

    def __init__(self, code, errors=None):
        super().__init__(code)
        self.code = code
        self.errors = errors or {}


def _as_json(value):
    return value.isoformat() if isinstance(value, date) else value


def current_terms(placement):
    """The placement's terms as they stand: the slot's, with its last signed change's over them."""
    slot = placement.slot
    terms = {name: getattr(slot, name) for name in TERM_FIELDS}
    terms.update(json.loads(placement.agreed_terms or "{}"))
    terms["start_date"] = placement.start_date
    terms["end_date"] = placement.planned_end_date
    return terms


def change_of(version):
    """The change a version carries, or None."""
    if version is None or version.id is None:
        return None
    return db.session.scalar(select(PlacementChange).where(PlacementChange.version_id == version.id))


def apply_terms(terms, placement, change=None):
    """The agreement's terms (drafting.terms_for) with the placement's standing terms and, for the
    version that carries it, the proposed change's."""
    values = {name: _as_json(value) for name, value in current_terms(placement).items()}
    if change is not None:
        values.update(json.loads(change.after_json))
    section = terms["placement"]
    for name in ("start_date", "end_date", "tasks", "hours_per_week", "schedule"):
        section[name] = values[name]
    terms["supervisor"] = {
        "name": values["supervisor_name"], "role": values["supervisor_role"],
        "phone": values["supervisor_phone"], "email": values["supervisor_email"],
    }
    if change is not None:
        terms["change"] = {"reason": change.reason, "kinds": change.kind_list,
                           "proposed_by": change.proposed_by.full_name if change.proposed_by else ""}
    return terms


def kinds_of(before, after):
    """What a change does, in CHANGE_KIND_LABELS' words."""
    kinds = []
    if "start_date" in after or "end_date" in after:
        start = date.fromisoformat(after.get("start_date", _as_json(before["start_date"])))
        end = date.fromisoformat(after.get("end_date", _as_json(before["end_date"])))
        longer = end > before["end_date"] or start < before["start_date"]
        kinds.append("extend" if longer else "shorten")
    if "tasks" in after:
        kinds.append("tasks")
    if "hours_per_week" in after:
        kinds.append("hours")
    if "schedule" in after:
        kinds.append("schedule")
    if any(name in after for name in SUPERVISOR):
        kinds.append("supervisor")
    return kinds


def change_errors(placement, before, values, today):
    """Problems with the proposed terms, as {field: message}. The programme's longest period counts
    the whole placement, from its first day to the new end."""
    errors = {}
    start, end = values["start_date"], values["end_date"]
    if start != before["start_date"] and before["start_date"] <= today:
        errors["start_date"] = _l("The placement has begun: its start date (%(date)s) cannot change",
                                  date=before["start_date"].isoformat())
    elif start != before["start_date"] and start < today:
        errors["start_date"] = _l("The start date has passed: choose today or a later date")
    if end < start:
        errors["end_date"] = _l("The end date must be the same as or after the start date")
    elif end != before["end_date"] and end < today:
        errors["end_date"] = _l("To end the placement before today, end it early instead")
    else:
        programme = rules.programme_for(placement.slot.placement_type)
        latest = rules.months_after(start, programme.max_months)
        if end > latest:
            errors["end_date"] = _l(
                "The whole placement counts: %(type)s can last at most %(months)d months from its first day "
                "(%(start)s), so choose an end date on or before %(date)s",
                type=rules.programmes.ProgrammeName(programme.id), months=programme.max_months,
                start=start.isoformat(), date=latest.isoformat(),
            )
    hours = rules.hours_error(values["hours_per_week"], placement.slot.placement_type)
    if hours:
        errors["hours_per_week"] = hours
    return errors


def pending_change(agreement):
    change = change_of(agreement.current_version)
    return change if change is not None and change.status == ChangeStatus.PROPOSED else None


def may_propose(user, agreement):
    """The employer's accounts and the coordinators may propose; the job-seeker signs (or declines)."""
    from .access import signer_role

    return user.role in (Role.EMPLOYER, Role.COORDINATOR) and signer_role(user, agreement) is not None


def refusal(agreement):
    """Why no change can be proposed now ("not-running", "not-signed", "pending"), or None."""
    if agreement.placement.status != PlacementStatus.ACTIVE:
        return "not-running"
    if pending_change(agreement) is not None:
        return "pending"
    if not agreement.is_final or agreement.current_version.status not in (VersionStatus.SIGNED, VersionStatus.VOID):
        return "not-signed"
    return None


def standing_version(agreement):
    """The last fully signed version: the terms that stand."""
    return next((v for v in reversed(agreement.versions) if v.status == VersionStatus.SIGNED), None)


def propose_change(reference, user, *, values, reason, today=None):
    """Propose a change (values: every field of TERM_FIELDS, dates as date). Commits; returns the
    PlacementChange, or raises ChangeError."""
    from .drafting import _add_version
    from .signing import _load

    today = today or date.today()

    def work():
        agreement = _load(reference)
        if not may_propose(user, agreement):
            raise ChangeError("not-a-party")
        placement = agreement.placement
        refused = refusal(agreement)
        if refused:
            raise ChangeError(refused)
        before = current_terms(placement)
        proposed = {name: values[name] for name in TERM_FIELDS}
        after = {name: _as_json(value) for name, value in proposed.items() if value != before[name]}
        if not after:
            raise ChangeError("nothing", {"reason": _l("Nothing is changed: change at least one of the terms")})
        errors = change_errors(placement, before, proposed, today)
        if errors:
            raise ChangeError("invalid", errors)
        kinds = kinds_of(before, after)
        change = PlacementChange(
            placement=placement, proposed_by=user, proposed_at=utcnow(), reason=reason, kinds=",".join(kinds),
            before_json=canonical_json({name: _as_json(before[name]) for name in after}),
            after_json=canonical_json(after), union_to_be_asked=bool(UNION_KINDS & set(kinds)),
        )
        previous = agreement.current_version
        # The version names the coordinator of the agreement (terms_for), whoever proposed it.
        coordinator = standing_version(agreement).created_by
        version = _add_version(agreement, coordinator, previous.language, number=previous.number + 1,
                               note=reason, change=change)
        change.version = version
        db.session.add(change)
        agreement.status = AgreementStatus.AWAITING_SIGNATURES
        append_event(agreement, EventKind.CHANGE_PROPOSED, actor=user, version=version, details={
            "replaces": previous.number, "kinds": kinds, "reason": reason, "before": json.loads(change.before_json),
            "after": after, "union_to_be_asked": change.union_to_be_asked,
            "pdf_sha256": version.pdf_sha256, "terms_sha256": version.terms_sha256,
        })
        db.session.flush()
        _tell(agreement, change, user)
        return change

    return retrying(work)


def _tell(agreement, change, actor):
    from .notifications import SignerRole, party_users

    slot = agreement.placement.slot
    kinds = lambda: ", ".join(str(label) for label in change.kind_labels)  # noqa: E731
    parties = [user for role in SignerRole for user in party_users(agreement, role) if user.id != actor.id]
    notices.notify_all(
        sorted(parties, key=lambda user: user.id), notices.CHANGE_PROPOSED,
        subject=lambda: _("Change proposed to agreement %(reference)s", reference=agreement.reference),
        body=lambda: _("Hello,\n\n%(name)s proposes a change to the placement %(title)s at %(employer)s (%(kinds)s). "
                       "Reason: %(reason)s\n\nUntil every party has signed the new version, the agreement's "
                       "current terms stand. Read and sign the new version in the portal.",
                       name=actor.full_name, title=slot.title, employer=slot.organisation.name, kinds=kinds(),
                       reason=change.reason),
        link_endpoint="agreements.show", reference=agreement.reference,
    )
    if change.union_to_be_asked:
        notices.notify_all(
            representatives_covering(slot.organisation), notices.CHANGE_PROPOSED,
            subject=lambda: _("A running placement at %(employer)s is to change", employer=slot.organisation.name),
            body=lambda: _("Hello,\n\nA change is proposed to a running placement, %(title)s at %(employer)s "
                           "(%(kinds)s). Reason: %(reason)s\n\nThe employment service may ask for the union's "
                           "view again: you can tell the coordinator what you think.",
                           title=slot.title, employer=slot.organisation.name, kinds=kinds(), reason=change.reason),
            link_endpoint="dashboard.index",
        )


def apply_signed_change(agreement, version):
    """All three signed `version`: if it carries a change, the change's terms become the placement's."""
    change = change_of(version)
    if change is None:
        return
    placement = agreement.placement
    agreed = json.loads(placement.agreed_terms or "{}")
    after = json.loads(change.after_json)
    for name, value in after.items():
        if name == "start_date":
            placement.agreed_start_date = date.fromisoformat(value)
        elif name == "end_date":
            placement.agreed_end_date = date.fromisoformat(value)
        else:
            agreed[name] = value
    placement.agreed_terms = canonical_json(agreed)
    change.status, change.decided_at = ChangeStatus.SIGNED, utcnow()


def decline_change(agreement, version):
    """A party declined the version carrying a change: the change is declined, the old terms stand
    and the agreement is again the signed one."""
    change = change_of(version)
    if change is None:
        return False
    change.status, change.decided_at = ChangeStatus.DECLINED, utcnow()
    agreement.status = AgreementStatus.SIGNED
    return True


def changes_of(placement):
    return db.session.scalars(
        select(PlacementChange).where(PlacementChange.placement_id == placement.id).order_by(PlacementChange.id)
    ).all()
