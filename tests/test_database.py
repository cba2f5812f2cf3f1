"""SQLite's settings and the planner's statistics kept fresh without a hand-run ANALYZE (issue 17)."""
import sqlite3

import pytest
from sqlalchemy import create_engine, text

import portal.database  # noqa: F401  (the SQLite settings under test)

pytestmark = pytest.mark.skipif("postgresql" in (__import__("os").environ.get("DATABASE_URL") or ""),
                                reason="SQLite's own settings")


def grown_database(path, rows=3000):
    """A database with an indexed table that grew without anyone running ANALYZE (a table the
    portal does not know, so that only SQLite's own statistics are at stake)."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, slot_id INTEGER, status TEXT)")
    connection.execute("CREATE INDEX ix_visits_slot_id ON visits (slot_id)")
    connection.executemany("INSERT INTO visits (slot_id, status) VALUES (?, ?)",
                           [(number % 300, "active") for number in range(rows)])
    connection.commit()
    connection.close()


def rows_estimated(path, index="ix_visits_slot_id"):
    """The planner's estimate of the index's rows (approximate: ANALYZE reads a sample)."""
    return int(statistics(path)[index].split()[0])


def statistics(path):
    connection = sqlite3.connect(path)
    try:
        return dict(connection.execute("SELECT idx, stat FROM sqlite_stat1").fetchall())
    except sqlite3.OperationalError:  # no such table: never analysed
        return {}
    finally:
        connection.close()


def test_a_never_analysed_database_is_analysed_when_the_portal_connects(tmp_path):
    path = tmp_path / "grown.sqlite"
    grown_database(path)
    assert statistics(path) == {}
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        assert connection.execute(text("PRAGMA analysis_limit")).scalar() == 400
    engine.dispose()
    assert rows_estimated(path) > 1000


def test_a_table_that_grows_a_lot_is_analysed_again_when_its_connection_goes_back(tmp_path):
    path = tmp_path / "growing.sqlite"
    grown_database(path, rows=10)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect():
        pass  # analysed now, with 10 rows
    assert rows_estimated(path) == 10
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO visits (slot_id, status) SELECT value % 300, 'active' FROM "
                                "(WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n "
                                "WHERE value < 5000) SELECT value FROM n)"))
    with engine.connect() as connection:
        connection.execute(text("SELECT * FROM visits WHERE slot_id = 7")).fetchall()
    engine.dispose()
    assert rows_estimated(path) > 2000
