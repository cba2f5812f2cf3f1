from sqlalchemy import DDL, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DataVersion(db.Model):
    """One counter that goes up in the same transaction as any change to what statistics and
    matching read (see portal/data_version.py). Cached figures are kept under the number they were
    computed at, so a change makes them stale at once, whichever worker process holds them."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


# The one row exists from the start (the migration inserts it too), so bumping is a plain UPDATE.
event.listen(DataVersion.__table__, "after_create", DDL("INSERT INTO data_version (id, version) VALUES (1, 0)"))


class DataChange(db.Model):
    """What one data version changed, so that cached statistics can recompute only the organisations
    concerned: kind is "placement", "slot", "organisation" or "jobseeker" with that row's id, "all"
    (anything else that statistics read, or unknown) or "matching" (what only matching reads)."""

    __tablename__ = "data_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int | None] = mapped_column(Integer)


def changes_by_kind(changes, kinds):
    """{kind: set of ids} for the (kind, id) change notes of the kinds asked for."""
    return {kind: {ref for change_kind, ref in changes if change_kind == kind} for kind in kinds}
