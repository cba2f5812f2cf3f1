"""The database rate limit: counted before the work, atomically, window by window."""
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from portal import ratelimit
from portal.extensions import db
from portal.models import RateLimit
from portal.models.base import utcnow

WINDOW = timedelta(minutes=15)


def test_tries_within_the_limit_pass_and_the_next_is_refused(app):
    with app.app_context():
        assert [ratelimit.hit("t", "k", 3, WINDOW) for _ in range(5)] == [True, True, True, False, False]
        assert ratelimit.is_over("t", "k", 3, WINDOW)
        assert not ratelimit.is_over("t", "other", 3, WINDOW)
        assert ratelimit.hit("other-bucket", "k", 3, WINDOW)


def test_a_window_that_ran_out_starts_the_count_afresh(app):
    with app.app_context():
        for _ in range(4):
            ratelimit.hit("t", "k", 3, WINDOW)
        db.session.get(RateLimit, ("t", "k")).window_started_at = utcnow() - WINDOW - timedelta(seconds=1)
        db.session.commit()
        assert not ratelimit.is_over("t", "k", 3, WINDOW)
        assert ratelimit.hit("t", "k", 3, WINDOW)
        assert ratelimit.current_count("t", "k") == 1


def test_forgive_and_reset(app):
    with app.app_context():
        for _ in range(3):
            ratelimit.hit("t", "k", 3, WINDOW)
        ratelimit.forgive("t", "k")
        assert ratelimit.current_count("t", "k") == 2
        ratelimit.reset("t", "k")
        assert ratelimit.current_count("t", "k") == 0


def test_parallel_tries_are_counted_one_by_one(app):
    """Forty tries at once against a limit of five: exactly five pass, on either database."""

    def one_try(_):
        with app.app_context():
            try:
                return ratelimit.hit("parallel", "k", 5, WINDOW)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one_try, range(40)))
    assert results.count(True) == 5
    with app.app_context():
        assert ratelimit.current_count("parallel", "k") == 40


def test_rows_older_than_a_day_are_deleted(app):
    with app.app_context():
        db.session.add(RateLimit(bucket="t", key="old", count=9, window_started_at=utcnow() - timedelta(days=2)))
        db.session.commit()
        ratelimit.hit("t", "new", 3, WINDOW)
        assert db.session.get(RateLimit, ("t", "old")) is None
