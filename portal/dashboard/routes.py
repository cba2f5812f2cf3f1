from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select

from ..access import any_logged_in_user
from ..extensions import db
from ..models import Organisation, Role
from . import bp


@bp.route("/")
@any_logged_in_user
def index():
    """One address for everyone; each role sees its own dashboard."""
    context = {}
    if current_user.role == Role.COORDINATOR:
        context["unverified_count"] = db.session.scalar(
            select(func.count(Organisation.id)).where(Organisation.verified_at.is_(None))
        )
    return render_template(f"dashboard/{current_user.role}.html", **context)
