"""Rate limits kept in the database: how many tries one key made in a bucket within a window.

Every try is counted *before* the work it guards (checking a password, judging an upload,
sending an e-mail), by one atomic upsert that returns the new count. Parallel requests are
therefore counted one after another on both databases (a row lock on PostgreSQL, the write lock
on SQLite): forty parallel guesses at a limit of five check five passwords, not twelve.

A window is fixed: it starts with the first try after the previous one ran out, and a key over
its limit stays refused until the window ends.

    if not ratelimit.hit("verify-upload", address, limit=30, window=timedelta(minutes=10)):
        ...  # refuse

`hit` commits: call it before the request writes anything else.
"""
from datetime import timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .extensions import db
from .models import RateLimit
from .models.base import utcnow

# No bucket's window is longer than this; older rows count for nothing and are deleted.
LONGEST_WINDOW = timedelta(days=1)


def hit(bucket, key, limit, window):
    """Count one try of `key` in `bucket`; True when it is within `limit` tries per `window`."""
    return _count_one(bucket, key, window) <= limit


def is_over(bucket, key, limit, window):
    """Whether `key` has already used up its tries in `bucket`, without counting a new one."""
    row = db.session.get(RateLimit, (bucket, _key(key)))
    return row is not None and row.window_started_at > utcnow() - window and row.count >= limit


def forgive(bucket, key):
    """Take one counted try back (it turned out to be a good one: a right password)."""
    db.session.execute(
        update(RateLimit)
        .where(RateLimit.bucket == bucket, RateLimit.key == _key(key), RateLimit.count > 0)
        .values(count=RateLimit.count - 1)
    )
    db.session.commit()


def reset(bucket, key):
    """Start `key`'s count in `bucket` afresh."""
    db.session.execute(delete(RateLimit).where(RateLimit.bucket == bucket, RateLimit.key == _key(key)))
    db.session.commit()


def _count_one(bucket, key, window):
    now = utcnow()
    expired = RateLimit.window_started_at <= now - window
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(RateLimit).values(bucket=bucket, key=_key(key), count=1, window_started_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[RateLimit.bucket, RateLimit.key],
        set_={
            "count": case((expired, 1), else_=RateLimit.count + 1),
            "window_started_at": case((expired, now), else_=RateLimit.window_started_at),
        },
    ).returning(RateLimit.count)
    count = db.session.execute(statement).scalar_one()
    db.session.execute(delete(RateLimit).where(RateLimit.window_started_at < now - LONGEST_WINDOW))
    db.session.commit()
    return count


def _key(key):
    # Keys are addresses, e-mails or references: cut, never refused, so an odd value cannot 500.
    return (key or "-")[:300]


def current_count(bucket, key):
    """The count in the current row (for tests and messages); 0 when there is none."""
    return db.session.scalar(
        select(RateLimit.count).where(RateLimit.bucket == bucket, RateLimit.key == _key(key))
    ) or 0
