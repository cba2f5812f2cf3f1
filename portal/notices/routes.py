"""The notices page: what the portal has told the logged-in person, newest first."""
from flask import render_template
from flask_login import current_user

from ..access import any_logged_in_user
from ..extensions import db
from . import bp, kind_label, mark_read, notices_for, unread_count

SHOWN = 200  # the newest; older ones are kept but not listed


@bp.route("/")
@any_logged_in_user
def index():
    notices = notices_for(current_user, limit=SHOWN)
    # What was unread is shown as new this once, then it counts as read (viewing it is reading it).
    unread_ids = {notice.id for notice in notices if notice.read_at is None}
    if unread_ids:
        mark_read(current_user)  # before the header counts them
        db.session.commit()
    return render_template("notices/index.html", notices=notices, unread_ids=unread_ids, kind_label=kind_label)


@bp.app_context_processor
def unread_notices():
    # A function, so that the count is asked for only where the header shows it (logged in).
    return {"unread_notice_count": lambda: unread_count(current_user) if current_user.is_authenticated else 0}
