"""Opening a job-seeker's record is logged (who, when, which page); coordinators see the log on it."""
from sqlalchemy import select

from ..extensions import db
from ..models import RecordAccess
from ..models.base import utcnow

SHOWN = 50  # the newest entries on the record's page


def log_access(jobseeker, user, page):
    """Record that `user` opened `jobseeker`'s record on `page` (an endpoint), and commit it: a page
    that only reads still leaves its trace, whatever happens after."""
    db.session.add(RecordAccess(jobseeker_id=jobseeker.id, user_id=user.id, page=page, accessed_at=utcnow()))
    db.session.commit()


def recent(jobseeker, limit=SHOWN):
    return db.session.scalars(
        select(RecordAccess).where(RecordAccess.jobseeker_id == jobseeker.id)
        .order_by(RecordAccess.accessed_at.desc(), RecordAccess.id.desc()).limit(limit)
    ).all()
