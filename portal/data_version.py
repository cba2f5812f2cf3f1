"""Figures that are costly to compute (statistics over every placement, the ranking of every open
slot) are kept in the cache under the data version they were computed at.

The version is one counter in the database (models.DataVersion), raised in the same transaction as
any change to the tables those figures read, and each raise notes what changed (models.DataChange).
A cached value is therefore never stale: the next request after a change reads a new version and
either computes afresh (`cached`) or recomputes only the organisations concerned
(`changed_organisations`, used by the statistics). Every worker process keeps its own cache
(Flask-Caching's SimpleCache) and all of them read the same counter.
"""
from collections import OrderedDict
from itertools import chain
from threading import Lock

from flask import current_app
from sqlalchemy import delete, event, inspect, insert, select, update
from sqlalchemy.orm import Session

from .extensions import cache, db
from .models import (
    DataChange,
    DataVersion,
    EmployerReport,
    FollowUp,
    JobSeeker,
    JobSeekerFeedback,
    JobSeekerLanguage,
    LearningGoal,
    Organisation,
    Placement,
    Slot,
    UnionScope,
)
from .models.versions import changes_by_kind
from .stats import facts

# What statistics and matching read. A change to anything else (logins, agreements, the guide)
# leaves the cached figures as they are.
WATCHED = (Placement, Slot, LearningGoal, Organisation, JobSeeker, JobSeekerLanguage, EmployerReport,
           JobSeekerFeedback, FollowUp, UnionScope)
# How a change is traced to the placements and organisations whose statistics it touches: (kind, column).
TRACED = {
    Placement: ("slot", "slot_id"),
    EmployerReport: ("placement", "placement_id"),
    JobSeekerFeedback: ("placement", "placement_id"),
    FollowUp: ("placement", "placement_id"),
    Slot: ("slot", "id"),
    Organisation: ("organisation", "id"),
    JobSeeker: ("jobseeker", "id"),
}
# Links that, if changed, move a row's figures from one organisation to another: too rare to trace.
MOVES = {
    Placement: ("slot_id", "jobseeker_id"),
    EmployerReport: ("placement_id",),
    JobSeekerFeedback: ("placement_id",),
    FollowUp: ("placement_id",),
    Slot: ("organisation_id",),
}
MATCHING_ONLY = (LearningGoal, JobSeekerLanguage)
KEPT_VERSIONS = 5000  # changes older than this many versions are deleted; older caches compute afresh
MOST_CHANGES = 500  # beyond this many changes since a cached value, computing afresh is simpler
REMEMBERED = 32  # values kept by remembered() in each process


def current_version():
    return db.session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def cached(name, key, compute):
    """compute() once per data version and key; the key must hold everything the result depends on
    besides the data (filters, today's date, whose scope)."""
    # The version is read before computing: a change committed in between makes the next request
    # compute again, never keeps figures older than their version.
    cache_key = f"{name}:{current_version()}:{key}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value)
    return value


def remembered(name, key, compute):
    """Like cached(), but the value itself is kept in this worker process, not a pickled copy: for
    a large value read on every request (the open slots for matching, ~10 ms to unpickle; the
    statistics page's tables, ~12 ms) that its readers never change. The REMEMBERED values read
    most recently are kept."""
    store = current_app.extensions.get("freshness")
    if store is None:
        store = current_app.extensions.setdefault("freshness", _Recent(REMEMBERED))
    store_key = (name, current_version(), key)
    value = store.get(store_key)
    if value is None:
        value = compute()
        store.put(store_key, value)
    return value


def forget_all():
    """Empty this worker's cached and remembered values, so that the next reads compute afresh (as
    on a new day, or after a change that cannot be traced): for the benchmark and tests."""
    cache.clear()
    current_app.extensions.pop("freshness", None)


class _Recent:
    """The `size` values read most recently; a lock, as a gthread worker serves requests in threads."""

    def __init__(self, size):
        self.size, self.values, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)


def changed_organisations(since, now):
    """The ids of the organisations whose statistics changed after version `since` up to `now`, or
    None when that cannot be told (a change of another kind, or too many or too old changes)."""
    if since < now - KEPT_VERSIONS or since > now:  # (a restored database can count from lower again)
        return None
    changes = db.session.execute(
        select(DataChange.kind, DataChange.ref_id)
        .where(DataChange.version > since, DataChange.version <= now)
        .limit(MOST_CHANGES + 1)
    ).all()
    if len(changes) > MOST_CHANGES or any(kind in ("all", "scope") for kind, _ref in changes):
        return None
    ids = changes_by_kind(changes, ("organisation", "slot", "placement", "jobseeker"))
    found = set(ids["organisation"])
    if ids["slot"]:
        found.update(db.session.scalars(select(Slot.organisation_id).where(Slot.id.in_(ids["slot"]))))
    if ids["placement"] or ids["jobseeker"]:
        found.update(db.session.scalars(
            select(Slot.organisation_id).join(Placement, Placement.slot_id == Slot.id)
            .where(Placement.id.in_(ids["placement"]) | Placement.jobseeker_id.in_(ids["jobseeker"]))
        ))
    return found


def _change_of(obj):
    """(kind, id) for one changed object, read without loading anything: unknown becomes "all"."""
    for model, (kind, column) in TRACED.items():
        if isinstance(obj, model):
            ref = obj.__dict__.get(column)
            moved = any(inspect(obj).attrs[name].history.deleted for name in MOVES.get(model, ()))
            return ("all", None) if ref is None or moved else (kind, ref)
    if isinstance(obj, MATCHING_ONLY):
        return ("matching", None)
    if isinstance(obj, UnionScope):
        return ("scope", None)  # who sees which organisations: every union figure may change
    return ("all", None)  # anything added to WATCHED later and not traced


def _record(session, changes):
    version = session.execute(
        update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1)
        .returning(DataVersion.version)
    ).scalar_one()
    session.execute(insert(DataChange), [{"version": version, "kind": kind, "ref_id": ref} for kind, ref in changes])
    if version % 500 == 0:
        session.execute(delete(DataChange).where(DataChange.version <= version - KEPT_VERSIONS))


# What the transaction changed, noted at each flush and written with the new version (and the
# placement facts the statistics read, portal/stats/facts.py) at commit:
# the version's row is locked only while committing, not from the first flush on (a match renders
# its agreement's PDF between the two).
PENDING = "freshness_changes"


@event.listens_for(Session, "after_flush")
def _note_flush(session, _flush_context):
    # After the flush new rows have their ids and foreign keys; new, dirty and deleted still list
    # what was flushed, with the attributes' history.
    changed = chain(session.new, session.deleted, (obj for obj in session.dirty if session.is_modified(obj)))
    changes = {_change_of(obj) for obj in changed if isinstance(obj, WATCHED)}
    if changes:
        session.info.setdefault(PENDING, set()).update(changes)


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_statement(state):
    """INSERT, UPDATE and DELETE statements that bypass the unit of work. Their rows are not known,
    so they count as a change of everything, unless the statement says it changes nothing that
    statistics read (execution option statistics_unaffected, e.g. counting a slot's places)."""
    if (state.is_insert or state.is_update or state.is_delete) and any(
        isinstance(mapper.class_, type) and issubclass(mapper.class_, WATCHED) for mapper in state.all_mappers
    ):
        change = ("matching", None) if state.execution_options.get("statistics_unaffected") else ("all", None)
        state.session.info.setdefault(PENDING, set()).add(change)


@event.listens_for(Session, "before_commit")
def _record_at_commit(session):
    session.flush()  # so that the commit's own flush is noted too
    changes = session.info.pop(PENDING, None)
    if changes:
        _record(session, changes)  # first: the version's row lock makes concurrent commits take turns,
        facts.refresh(session, changes)  # so the facts are written from everything committed before


@event.listens_for(Session, "after_rollback")
def _forget_at_rollback(session):
    session.info.pop(PENDING, None)
