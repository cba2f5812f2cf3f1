"""Matching a job-seeker to a slot: the open slots, and confirming a match safely."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import freshness
from ..extensions import db
from ..models import PLACEMENT_TYPE_LABELS, LearningGoal, Organisation, Placement, PlacementType, Slot, SlotStatus
from .pool import SlotPool
from .ranking import goals_and_tasks, text_of_slot


class MatchRefused(Exception):
    """Why a match could not be made, in words for the coordinator."""


def open_slots(today, exclude_for=None):
    """Consented slots with places left that have not ended, in a fixed number of queries."""
    query = (
        select(Slot)
        .where(*_open_condition(today, exclude_for))
        # Joined, not select-in: one query however many slots (select-in splits into batches of 500).
        .options(joinedload(Slot.organisation), joinedload(Slot.learning_goals))
    )
    return db.session.scalars(query).unique().all()


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


def _open_condition(today, exclude_for):
    conditions = [Slot.status == SlotStatus.CONSENTED, Slot.places_filled < Slot.places, Slot.end_date >= today]
    if exclude_for is not None:
        conditions.append(Slot.id.not_in(select(Placement.slot_id).where(Placement.jobseeker_id == exclude_for.id)))
    return conditions


def candidate_slots(today):
    """The open slots as plain rows for ranking and showing, in one query however many there are.

    Read once per data version (open_pool): a change to a slot, its goals or its organisation
    raises the version, so what the page shows of them is never older than the ranking.
    """
    columns = [getattr(Slot, name) for name in Candidate.__dataclass_fields__ if name not in DERIVED]
    query = (
        select(*columns, Organisation.name, LearningGoal.position, LearningGoal.text)
        .join(Organisation, Organisation.id == Slot.organisation_id)
        .outerjoin(LearningGoal, LearningGoal.slot_id == Slot.id)
        .where(*_open_condition(today, None))
    )
    candidates, goals = {}, {}
    for *values, organisation_name, position, goal in db.session.execute(query):
        if values[0] not in candidates:
            candidates[values[0]] = Candidate(*values, organisation_name=organisation_name)
        if goal is not None:
            goals.setdefault(values[0], []).append((position, goal))
    for slot_id, candidate in candidates.items():  # goals in their order (sorting here spares the database a sort)
        candidate.finish(goals.get(slot_id, []))
    return sorted(candidates.values(), key=lambda candidate: candidate.id)


def open_pool(today):
    """The open slots as a pool.SlotPool, the same for every job-seeker, kept per data version
    (portal/freshness.py): any change to what matching reads makes the next page read them afresh."""
    return freshness.remembered("open-slots", today.isoformat(), lambda: SlotPool(candidate_slots(today)))


def match_refusal(slot, today):
    """Why no one can be matched to the slot today ("ended", "no-places"), or None when one can.

    A slot whose end date has passed is over: a match would make a placement that never runs.
    """
    if slot.end_date < today:
        return "ended"
    if slot.status != SlotStatus.CONSENTED or slot.places_filled >= slot.places:
        return "no-places"
    return None


def confirm_match(jobseeker, slot, coordinator, score=0, today=None):
    """Take one place of the slot for the job-seeker, or raise MatchRefused (match_refusal's reasons,
    or "already-matched").

    The place is taken with one conditional UPDATE (match_refusal's rule again, in SQL), so two
    coordinators matching the last place at the same moment end with exactly one match. The
    caller commits.
    """
    today = today or date.today()
    refusal = match_refusal(slot, today)
    if refusal:
        raise MatchRefused(refusal)
    taken = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, *_open_condition(today, None))
        .values(places_filled=Slot.places_filled + 1)
        .execution_options(synchronize_session=False, statistics_unaffected=True)
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
