"""Matching a job-seeker to a slot: the open slots (Slot.open_on), and confirming a match safely."""
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from .. import data_version, figure_cache
from ..extensions import db
from ..models import (
    PLACEMENT_TYPE_LABELS,
    JobSeeker,
    LearningGoal,
    Organisation,
    Placement,
    PlacementStatus,
    PlacementType,
    Slot,
)
from .pool import SlotPool
from .ranking import goals_and_tasks, text_of_slot


class MatchRefused(Exception):
    """Why a match could not be made, in words for the coordinator."""


@dataclass
class GoalText:
    text: str


@dataclass
class Candidate:
    """An open slot as ranking reads it and the matching page shows it, without loading it as an
    ORM object (see candidate_slots)."""

    id: int
    title: str
    occupation: str
    tasks: str
    placement_type: str
    swedish_level: str
    other_languages: str
    step_free_access: bool
    part_time_possible: bool
    hours_per_week: int
    start_date: date
    end_date: date
    places: int
    places_filled: int
    organisation_name: str = ""
    learning_goals: list = field(default_factory=list)
    text: str = ""  # ranking's texts, made once per candidate instead of once per ranking
    goals_text: str = ""

    def finish(self, goals):
        self.learning_goals = [GoalText(text) for _position, text in sorted(goals)]
        self.text, self.goals_text = text_of_slot(self), goals_and_tasks(self)

    @property
    def places_left(self):
        return self.places - self.places_filled

    @property
    def placement_type_label(self):
        return PLACEMENT_TYPE_LABELS[PlacementType(self.placement_type)]


DERIVED = ("organisation_name", "learning_goals", "text", "goals_text")  # a Candidate's fields that are no column of Slot
SLOT_COLUMNS = tuple(getattr(Slot, name) for name in Candidate.__dataclass_fields__ if name not in DERIVED)


def candidate_slots(today, only=None):
    """The open slots as plain rows for ranking and showing, in two queries however many there are
    (the slots, then their learning goals), by id; with `only` (ids), those of them alone.

    Read once per data version (open_pool): a change to a slot, its goals or its organisation
    raises the version, so what the page shows of them is never older than the ranking.
    """
    open_now = [Slot.open_on(today)] + ([Slot.id.in_(only)] if only is not None else [])
    slots = db.session.execute(
        select(*SLOT_COLUMNS, Organisation.name.label("organisation_name"))
        .join(Organisation, Organisation.id == Slot.organisation_id).where(*open_now).order_by(Slot.id)
    )
    fields = tuple(slots.keys())  # a Slot column's label is the Candidate field of that name
    candidates = {candidate.id: candidate for candidate in (Candidate(**dict(zip(fields, row))) for row in slots)}
    goals = {}
    for slot_id, position, text in db.session.execute(
        select(LearningGoal.slot_id, LearningGoal.position, LearningGoal.text).join(Slot).where(*open_now)
    ):
        goals.setdefault(slot_id, []).append((position, text))
    for slot_id, candidate in candidates.items():  # goals in their order (sorting here spares the database a sort)
        candidate.finish(goals.get(slot_id, []))
    return list(candidates.values())


def open_pool(today):
    """The open slots as a pool.SlotPool, the same for every job-seeker, kept per data version
    (portal/figure_cache.py). After a change only the slots it touched are read again
    (data_version.changed_slots: none after a feedback form or a follow-up); everything on a new
    day, or when that cannot be told."""
    key = today.isoformat()
    version = data_version.current_version()  # read first: a change committed meanwhile is read again next time
    kept = figure_cache.last("open-slots", key)
    if kept is not None and kept[0] == version:
        return kept[1]
    changed = data_version.changed_slots(kept[0], version) if kept is not None else None
    if changed is None:
        pool = SlotPool(candidate_slots(today))
    elif not changed:
        pool = kept[1]
    else:
        unchanged = [candidate for candidate in kept[1].candidates if candidate.id not in changed]
        pool = SlotPool(sorted(unchanged + candidate_slots(today, only=changed), key=attrgetter("id")))
    figure_cache.keep("open-slots", key, version, pool)
    return pool


def match_refusal(slot, today):
    """Why no one can be matched to the slot today ("ended", "no-places"), or None when one can
    (Slot.open_on: the rule)."""
    if not slot.running_on(today):
        return "ended"
    if not slot.open_on(today):
        return "no-places"
    return None


def overlapping_placements(jobseeker_id, start, end):
    """The job-seeker's matched or running placements whose agreed period overlaps start..end
    (a placement ended early counts until the day it ended)."""
    placement_start = func.coalesce(Placement.agreed_start_date, Slot.start_date)
    placement_end = func.coalesce(Placement.ended_on, Placement.agreed_end_date, Slot.end_date)
    return db.session.scalars(
        select(Placement).join(Slot, Placement.slot_id == Slot.id)
        .where(Placement.jobseeker_id == jobseeker_id,
               Placement.status.in_([PlacementStatus.MATCHED, PlacementStatus.ACTIVE]),
               placement_start <= end, placement_end >= start)
        .order_by(Placement.id)
    ).all()


def describe_overlaps(placements):
    return "; ".join(f"{placement.id}: {placement.slot.title}, {placement.slot.organisation.name} "
                     f"({placement.start_date.isoformat()}–{placement.end_date.isoformat()})" for placement in placements)


def confirm_match(jobseeker, slot, coordinator, score=0, today=None, overlap_reason=None):
    """Take one place of the slot for the job-seeker, or raise MatchRefused (match_refusal's reasons,
    "already-matched", or "overlap" when another placement of theirs overlaps the slot's period and
    no `overlap_reason` was confirmed; with one, it is kept on the placement).

    The place is taken with one conditional UPDATE (Slot.open_on, in SQL), so two
    coordinators matching the last place at the same moment end with exactly one match. Overlaps
    are looked for after that write, with the job-seeker's row locked (PostgreSQL; SQLite's write
    lock does the same), so two matches of one person at the same moment see each other. The
    caller commits.
    """
    today = today or date.today()
    refusal = match_refusal(slot, today)
    if refusal:
        raise MatchRefused(refusal)
    taken = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.open_on(today))
        .values(places_filled=Slot.places_filled + 1)
        # The rows it concerns, so that the statistics count again this slot's organisation only
        # (portal/data_version.py: an untraced write would count everything again).
        .execution_options(synchronize_session=False, concerns=[("slot", slot.id)])
    )
    if taken.rowcount != 1:
        db.session.rollback()
        raise MatchRefused("no-places")
    db.session.execute(select(JobSeeker.id).where(JobSeeker.id == jobseeker.id).with_for_update())
    overlaps = [p for p in overlapping_placements(jobseeker.id, slot.start_date, slot.end_date) if p.slot_id != slot.id]
    if overlaps and not (overlap_reason or "").strip():
        db.session.rollback()
        raise MatchRefused("overlap")
    placement = Placement(slot_id=slot.id, jobseeker_id=jobseeker.id, matched_by_id=coordinator.id, match_score=score,
                          overlap_reason=(overlap_reason or "").strip() if overlaps else "",
                          overlap_with=describe_overlaps(overlaps))
    db.session.add(placement)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise MatchRefused("already-matched") from None
    db.session.refresh(slot)
    return placement
