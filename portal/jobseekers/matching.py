"""Matching a job-seeker to a slot: the open slots, and confirming a match safely."""
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Placement, Slot, SlotStatus


class MatchRefused(Exception):
    """Why a match could not be made, in words for the coordinator."""


def open_slots(today, exclude_for=None):
    """Consented slots with places left that have not ended, in a fixed number of queries."""
    query = (
        select(Slot)
        .where(Slot.status == SlotStatus.CONSENTED, Slot.places_filled < Slot.places, Slot.end_date >= today)
        # Joined, not select-in: one query however many slots (select-in splits into batches of 500).
        .options(joinedload(Slot.organisation), joinedload(Slot.learning_goals))
    )
    if exclude_for is not None:
        already = select(Placement.slot_id).where(Placement.jobseeker_id == exclude_for.id)
        query = query.where(Slot.id.not_in(already))
    return db.session.scalars(query).unique().all()


def confirm_match(jobseeker, slot, coordinator, score=0):
    """Take one place of the slot for the job-seeker, or raise MatchRefused.

    The place is taken with one conditional UPDATE, so two coordinators matching the last
    place at the same moment end with exactly one match. The caller commits.
    """
    taken = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.status == SlotStatus.CONSENTED, Slot.places_filled < Slot.places)
        .values(places_filled=Slot.places_filled + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        db.session.rollback()
        raise MatchRefused("no-places")
    placement = Placement(slot_id=slot.id, jobseeker_id=jobseeker.id, matched_by_id=coordinator.id, match_score=score)
    db.session.add(placement)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise MatchRefused("already-matched") from None
    db.session.refresh(slot)
    return placement
