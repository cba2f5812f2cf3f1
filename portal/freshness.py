"""Figures that are costly to compute (statistics over every placement, the ranking of every open
slot) are kept in the cache under the data version they were computed at.

The version is one counter in the database (models.DataVersion), raised in the same transaction as
any change to the tables those figures read. A cached value is therefore never stale: the next
request after a change reads a new version, misses the cache and computes afresh. Every worker
process keeps its own cache (Flask-Caching's SimpleCache) and all of them read the same counter.
"""
from itertools import chain

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from .extensions import cache, db
from .models import (
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

# What statistics and matching read. A change to anything else (logins, agreements, the guide)
# leaves the cached figures as they are.
WATCHED = (Placement, Slot, LearningGoal, Organisation, JobSeeker, JobSeekerLanguage, EmployerReport,
           JobSeekerFeedback, FollowUp, UnionScope)


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


def _bump(session):
    session.execute(update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1))


@event.listens_for(Session, "before_flush")
def _bump_on_flush(session, _flush_context, _instances):
    changed = chain(session.new, session.deleted, (obj for obj in session.dirty if session.is_modified(obj)))
    if any(isinstance(obj, WATCHED) for obj in changed):
        _bump(session)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_statement(state):
    """INSERT, UPDATE and DELETE statements that bypass the unit of work (e.g. taking a slot's last place)."""
    if (state.is_insert or state.is_update or state.is_delete) and any(
        isinstance(mapper.class_, type) and issubclass(mapper.class_, WATCHED) for mapper in state.all_mappers
    ):
        _bump(state.session)
