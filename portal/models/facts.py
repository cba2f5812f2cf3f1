from datetime import date
from typing import Optional

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class PlacementFact(db.Model):
    """What the follow-up statistics read about one placement, in one narrow row.

    A copy, kept up to date in the same transaction as every change to the placement, its slot,
    its participant, the final report, the feedback or the follow-up (portal/stats/facts.py), so
    that statistics over 100,000 placements scan one table instead of joining six. No foreign key:
    the row is replaced or removed at commit, after the placement itself may be gone.
    """

    __tablename__ = "placement_facts"
    __table_args__ = (
        # The statistics' one pass reads this index alone, already in the order it groups by (SQLite:
        # 210 -> 115 ms over 100,000 placements, no sort; end_reason for the reasons for ending early).
        Index("ix_placement_facts_statistics", "organisation_id", "gender", "status", "start_date", "end_date",
              "placement_type", "report_in", "feedback_in", "offered", "outcome", "supervision_rating",
              "learning_rating", "treatment_rating", "end_reason"),
    )

    placement_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    slot_id: Mapped[int] = mapped_column(Integer, index=True)  # to find the rows again when they change
    jobseeker_id: Mapped[int] = mapped_column(Integer, index=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(10))  # woman, man or other (other or not stated)
    start_date: Mapped[date]
    end_date: Mapped[date]
    placement_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    end_reason: Mapped[str] = mapped_column(String(20))
    report_in: Mapped[bool] = mapped_column(Boolean)  # the employer's final report is submitted
    offered: Mapped[bool] = mapped_column(Boolean)  # ... and says employment was offered at the placement
    feedback_in: Mapped[bool] = mapped_column(Boolean)  # the participant's feedback is submitted
    supervision_rating: Mapped[Optional[int]]
    learning_rating: Mapped[Optional[int]]
    treatment_rating: Mapped[Optional[int]]
    outcome: Mapped[Optional[str]] = mapped_column(String(20))  # the three-month follow-up, if recorded
