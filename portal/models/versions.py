from sqlalchemy import DDL, Integer, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DataVersion(db.Model):
    """One counter that goes up in the same transaction as any change to what statistics and
    matching read (see portal/freshness.py). Cached figures are kept under the number they were
    computed at, so a change makes them stale at once, whichever worker process holds them."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


# The one row exists from the start (the migration inserts it too), so bumping is a plain UPDATE.
event.listen(DataVersion.__table__, "after_create", DDL("INSERT INTO data_version (id, version) VALUES (1, 0)"))
