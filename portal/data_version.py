"""The data version: one counter in the database (models.DataVersion) that goes up in the same
transaction as every write to a table the statistics or matching read, with a note of what changed
(models.DataChange); and the placement facts (portal/stats/facts.py) written again in that same
transaction. Figures kept per version (portal/figure_cache.py) are therefore never stale.

Every statement SQLAlchemy sends is seen here, whatever made it: the ORM's unit of work, an ORM
bulk update() or delete(), a Core insert/update/delete on a table, or text() through the session,
`db.engine.begin()` or any other Connection (engine events, not session events). A write is
classified by its verb and target table, read from the SQL itself:

- written by the unit of work: traced to the placements, slots, organisations or job-seekers
  concerned (TRACED), so that the statistics count again only those organisations;
- any other write to a table that statistics read: a change of everything (the facts are written
  again from the tables, the statistics counted afresh), unless the statement names the rows it
  concerns with the execution option `concerns=[(kind, id), ...]` (matching.confirm_match does);
- a write to a table that matching alone reads: matching reads afresh, statistics keep theirs.

At commit (the Connection's commit event, so for sessions and plain connections alike) the version
is raised, the notes written and the facts refreshed, before the database commits. A write to these
tables in AUTOCOMMIT mode is refused (WriteNotTracked): there would be no commit to do it at.
Not seen: a raw DBAPI connection (engine.raw_connection()), other programs (psql, sqlite3), the
migrations and `flask restore` (which brings back facts and version with their rows; both say
`data_version_off` on their connection). After the first three run `flask --app portal
rebuild-facts`, which writes every fact again and raises the version as a change of everything.
"""
import re
import weakref
from itertools import chain

from sqlalchemy import delete, event, inspect, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from .extensions import db
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
    PlacementFact,
    Slot,
    UnionScope,
)
from .models.versions import changes_by_kind
from .stats import facts

# How a change made by the unit of work is traced to the placements and organisations whose
# statistics it touches: (kind, column).
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
    LearningGoal: ("slot_id",),
    JobSeekerLanguage: ("jobseeker_id",),
}
# What matching alone reads, traced the same way: a learning goal to its slot (the kept open slots
# read that slot again), a language to its job-seeker (read on each page, kept nowhere).
MATCHING_ONLY = {
    LearningGoal: ("slot", "slot_id"),
    JobSeekerLanguage: ("jobseeker", "jobseeker_id"),
}
# What statistics and matching read, by table name. A write to anything else (logins, agreements,
# the guide) leaves the kept figures as they are. placement_facts is written here alone: a write
# from anywhere else counts as a change of everything, which writes the facts again.
STATISTICS_TABLES = frozenset(model.__tablename__ for model in (*TRACED, UnionScope, PlacementFact))
MATCHING_TABLES = frozenset(model.__tablename__ for model in MATCHING_ONLY)
WATCHED_TABLES = STATISTICS_TABLES | MATCHING_TABLES
KINDS = ("placement", "slot", "organisation", "jobseeker")  # what `concerns` may name
KEPT_VERSIONS = 5000  # changes older than this many versions are deleted; older figures count afresh
MOST_CHANGES = 500  # beyond this many changes since a kept figure, counting afresh is simpler

# The target of INSERT, UPDATE, DELETE (SQLite's OR ... and REPLACE too) and the tables TRUNCATE
# names, anywhere in the statement (a data-modifying WITH included). SQLAlchemy's compiled SQL and
# hand-written text() alike; a schema prefix and quotes are dropped.
_TARGET = re.compile(
    r'\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|MERGE\s+INTO)'
    r'\s+(?:ONLY\s+)?(?:"?\w+"?\s*\.\s*)?"?(\w+)"?', re.IGNORECASE)
_TRUNCATE = re.compile(r'\bTRUNCATE\b(.*)', re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"\w+")
_READS = ("SELECT", "PRAGMA", "SAVEPO", "RELEAS", "BEGIN", "COMMIT", "ROLLBA", "SHOW", "SET ")

# In Connection.info (kept with the database connection until commit or rollback):
PENDING = "data_version_pending"  # what this transaction changed so far, (kind, id) pairs
SESSION = "data_version_session"  # the Session using the connection, if any
OFF = "data_version_off"  # execution option of the migrations' connection


class WriteNotTracked(RuntimeError):
    """A write to what statistics or matching read that could not raise the data version."""


def written_tables(statement):
    """The tables an SQL statement writes to, lower case (empty for reads)."""
    if statement.lstrip()[:6].upper() in _READS:
        return set()
    found = {match.group(1).lower() for match in _TARGET.finditer(statement)}
    for match in _TRUNCATE.finditer(statement):
        found.update(word.lower() for word in _WORD.findall(match.group(1)))
    return found


def current_version():
    return db.session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def _changes_since(since, now):
    """The (kind, id) change notes after version `since` up to `now`, or None when they cannot all
    be told (too many, or too old: their notes are deleted)."""
    if since < now - KEPT_VERSIONS or since > now:  # (a restored database can count from lower again)
        return None
    changes = db.session.execute(
        select(DataChange.kind, DataChange.ref_id)
        .where(DataChange.version > since, DataChange.version <= now)
        .limit(MOST_CHANGES + 1)
    ).all()
    return None if len(changes) > MOST_CHANGES else changes


def changed_organisations(since, now):
    """The ids of the organisations whose statistics changed after version `since` up to `now`, or
    None when that cannot be told (a change of another kind, or too many or too old changes)."""
    changes = _changes_since(since, now)
    if changes is None or any(kind in ("all", "scope") for kind, _ref in changes):
        return None
    ids = changes_by_kind(changes, KINDS)
    found = set(ids["organisation"])
    if ids["slot"]:
        found.update(db.session.scalars(select(Slot.organisation_id).where(Slot.id.in_(ids["slot"]))))
    if ids["placement"] or ids["jobseeker"]:
        found.update(db.session.scalars(
            select(Slot.organisation_id).join(Placement, Placement.slot_id == Slot.id)
            .where(Placement.id.in_(ids["placement"]) | Placement.jobseeker_id.in_(ids["jobseeker"]))
        ))
    return found


def changed_slots(since, now):
    """The ids of the slots whose place in matching may have changed after version `since` up to
    `now` (the slots changed, and those of the organisations changed), or None when that cannot be
    told (a change of everything, or of what matching alone reads, or too many or too old changes).
    Changes to placements' forms, job-seekers and union scopes change no slot."""
    changes = _changes_since(since, now)
    if changes is None or any(kind in ("all", "matching") for kind, _ref in changes):
        return None
    ids = changes_by_kind(changes, ("slot", "organisation"))
    found = set(ids["slot"])
    if ids["organisation"]:
        found.update(db.session.scalars(select(Slot.id).where(Slot.organisation_id.in_(ids["organisation"]))))
    return found


def _note(connection, changes):
    connection.info.setdefault(PENDING, set()).update(changes)


# -- every statement ----------------------------------------------------------------------------
@event.listens_for(Engine, "before_cursor_execute")
def _note_write(connection, _cursor, statement, _parameters, context, _executemany):
    tables = written_tables(statement) & WATCHED_TABLES
    if not tables or _unit_of_work_writing(connection):
        return  # a read, a write to something else, or the unit of work's (traced after the flush)
    options = context.execution_options if context is not None else connection.get_execution_options()
    if options.get(OFF) or (options.get(facts.WRITING) and tables == {PlacementFact.__tablename__}):
        return
    # (SQLAlchemy's own test: an AUTOCOMMIT connection commits each statement as it runs.)
    if connection._is_autocommit_isolation():
        raise WriteNotTracked(f"a write to {', '.join(sorted(tables))} in AUTOCOMMIT mode: the data version "
                              "and the placement facts are kept at commit; write in a transaction")
    concerns = options.get("concerns")
    if concerns is not None:
        concerns = {(kind, int(ref)) for kind, ref in concerns}
        if not all(kind in KINDS for kind, _ref in concerns):
            raise ValueError(f"concerns: (kind, id) pairs with kind one of {KINDS}")
        _note(connection, concerns)
    elif tables & STATISTICS_TABLES:
        _note(connection, {("all", None)})
    else:
        _note(connection, {("matching", None)})


# -- the unit of work: traced to rows -----------------------------------------------------------
def _change_of(obj):
    """(kind, id) for one changed object, read without loading anything: unknown becomes "all"
    ("matching" for what matching alone reads)."""
    for traced, unknown in ((TRACED, "all"), (MATCHING_ONLY, "matching")):
        for model, (kind, column) in traced.items():
            if isinstance(obj, model):
                ref = obj.__dict__.get(column)
                moved = any(inspect(obj).attrs[name].history.deleted for name in MOVES.get(model, ()))
                return (unknown, None) if ref is None or moved else (kind, ref)
    if isinstance(obj, UnionScope):
        return ("scope", None)  # who sees which organisations: every union figure may change
    return ("all", None)  # a table watched but not traced


@event.listens_for(Session, "after_begin")
def _session_begins(session, _transaction, connection):
    connection.info[SESSION] = weakref.ref(session)


def _unit_of_work_writing(connection):
    session = connection.info.get(SESSION, lambda: None)()
    # Session._flushing: SQLAlchemy's own flag, set around every flush (a before_flush/after_flush
    # pair cannot tell: after_flush is skipped when the flush finds nothing to write).
    return session is not None and session._flushing


@event.listens_for(Session, "after_flush")
def _note_flush(session, _flush_context):
    # After the flush new rows have their ids and foreign keys; new, dirty and deleted still list
    # what was flushed, with the attributes' history.
    changed = chain(session.new, session.deleted, (obj for obj in session.dirty if session.is_modified(obj)))
    changes = {_change_of(obj) for obj in changed if inspect(obj).mapper.local_table.name in WATCHED_TABLES}
    if changes:
        _note(session.connection(), changes)


def changed_everything(connection):
    """Count the transaction on `connection` as a change of everything: at commit every fact is
    written again and every figure counted afresh (`flask rebuild-facts`, after writes not seen here)."""
    _note(connection, {("all", None)})


# -- at commit ----------------------------------------------------------------------------------
@event.listens_for(Engine, "commit")
def _record_at_commit(connection):
    changes = connection.info.pop(PENDING, None)
    connection.info.pop(SESSION, None)
    if changes:
        # First the version: its row lock makes concurrent commits take turns, so the facts are
        # written from everything committed before.
        _record(connection, changes)
        facts.refresh(connection, changes)


def _record(connection, changes):
    version = connection.execute(
        update(DataVersion.__table__).where(DataVersion.id == 1).values(version=DataVersion.version + 1)
        .returning(DataVersion.version)
    ).scalar_one()
    connection.execute(insert(DataChange.__table__),
                       [{"version": version, "kind": kind, "ref_id": ref} for kind, ref in changes])
    if version % 500 == 0:
        connection.execute(delete(DataChange.__table__).where(DataChange.version <= version - KEPT_VERSIONS))


@event.listens_for(Engine, "rollback")
@event.listens_for(Engine, "rollback_savepoint")
def _forget_at_rollback(connection, *savepoint):
    if not savepoint:  # (a savepoint's writes stay noted: counting again what did not change is harmless)
        connection.info.pop(PENDING, None)
        connection.info.pop(SESSION, None)


@event.listens_for(Pool, "reset")
def _forget_at_reset(_dbapi_connection, connection_record, _reset_state):
    connection_record.info.pop(PENDING, None)
    connection_record.info.pop(SESSION, None)
