"""SQLite set up for a web server with several worker processes.

WAL lets pages read while another request writes (a match renders its agreement's PDF inside its
transaction); a writer that finds the database busy waits up to 15 s for its turn instead of 5.
PostgreSQL needs none of this.
"""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_settings(dbapi_connection, _connection_record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # a no-op for in-memory databases
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a power cut loses at most the last commits
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
