"""The agreement's audit log: append-only, each event carrying the SHA-256 of the one before.

An event's hash covers its agreement reference, sequence number, kind, version, actor, time,
details and the previous hash. Editing an event changes its hash; deleting one breaks the link
of the next; deleting the last ones no longer matches the head kept on the agreement (and the
heads written into the signatures). `check_chain` finds all three.

Appending moves the head on the agreement with one conditional UPDATE (compare-and-set), so
two concurrent appends can never both follow the same event: the loser gets `ChainConflict`
and its transaction is retried (see `retrying`).
"""
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Agreement, AgreementEvent
from ..models.base import utcnow

GENESIS = "0" * 64


class EventKind:
    DRAFTED = "drafted"
    VERSIONED = "versioned"  # a new version replaced the one before
    VIEWED = "viewed"
    SIGNED = "signed"
    COMPLETED = "completed"  # all parties signed
    DECLINED = "declined"
    VOIDED = "voided"
    REMINDED = "reminded"
    VERIFIED = "verified"
    CHANGE_PROPOSED = "change-proposed"  # a new version carrying a change to the running placement
    SIGNED_ON_BEHALF = "signed-on-behalf"  # a coordinator signed for the job-seeker, with a reason
    OVERLAP_CONFIRMED = "overlap-confirmed"  # matched although another placement overlaps, with a reason


class ChainConflict(Exception):
    """Another transaction appended to the same agreement first; retry."""


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(reference, sequence, kind, version_number, actor_id, actor_role, at, details, previous_hash):
    material = canonical_json(
        {
            "agreement": reference,
            "sequence": sequence,
            "kind": kind,
            "version": version_number,
            "actor": actor_id,
            "role": actor_role,
            "at": at.isoformat(timespec="microseconds"),
            "details": details,
            "previous": previous_hash,
        }
    )
    return hashlib.sha256(material.encode()).hexdigest()


def append_event(agreement, kind, *, actor=None, version=None, details=None):
    """Add an event to the agreement's chain (flushed, not committed)."""
    db.session.flush()
    sequence, previous = agreement.event_count, agreement.event_head
    at = utcnow()
    details_json = canonical_json(details or {})
    actor_id = actor.id if actor is not None else None
    actor_role = actor.role if actor is not None else ""
    version_number = version.number if version is not None else None
    digest = event_hash(
        agreement.reference, sequence + 1, kind, version_number, actor_id, actor_role, at, details_json, previous
    )
    moved = db.session.execute(
        update(Agreement)
        .where(Agreement.id == agreement.id, Agreement.event_count == sequence)
        .values(event_count=sequence + 1, event_head=digest)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise ChainConflict(agreement.reference)
    event = AgreementEvent(
        agreement_id=agreement.id,
        sequence=sequence + 1,
        kind=kind,
        version_number=version_number,
        actor_id=actor_id,
        actor_role=actor_role,
        at=at,
        details=details_json,
        previous_hash=previous,
        hash=digest,
    )
    db.session.add(event)
    db.session.flush()
    # Keep the object in step with the row without reloading it.
    set_committed_value(agreement, "event_count", sequence + 1)
    set_committed_value(agreement, "event_head", digest)
    return event


@dataclass
class ChainCheck:
    intact: bool
    problems: list

    def __bool__(self):
        return self.intact


def check_chain(agreement):
    """Recompute every event's hash and link; compare the end with the head kept on the agreement."""
    events = db.session.scalars(
        select(AgreementEvent).where(AgreementEvent.agreement_id == agreement.id).order_by(AgreementEvent.sequence)
    ).all()
    problems = []
    previous = GENESIS
    for expected_sequence, event in enumerate(events, start=1):
        if event.sequence != expected_sequence:
            problems.append(f"event {expected_sequence} is missing")
            expected_sequence = event.sequence
        if event.previous_hash != previous:
            problems.append(f"event {event.sequence} does not follow the event before it")
        recomputed = event_hash(
            agreement.reference, event.sequence, event.kind, event.version_number, event.actor_id,
            event.actor_role, event.at, event.details, event.previous_hash,
        )
        if recomputed != event.hash:
            problems.append(f"event {event.sequence} was changed after it was written")
        previous = event.hash
    db.session.refresh(agreement, ["event_count", "event_head"])
    if previous != agreement.event_head or len(events) != agreement.event_count:
        problems.append("events at the end of the log are missing")
    return ChainCheck(intact=not problems, problems=problems)


def retrying(work, attempts=6):
    """Run `work()` and commit; on a lost race (unique constraint, chain conflict) roll back and retry."""
    for attempt in range(attempts):
        try:
            result = work()
            db.session.commit()
            return result
        except (IntegrityError, ChainConflict):
            db.session.rollback()
            if attempt == attempts - 1:
                raise
        except Exception:
            db.session.rollback()
            raise
    return None
