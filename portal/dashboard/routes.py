from datetime import date

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select

from ..access import any_logged_in_user
from ..certificates import issuing as certificates
from ..checkins import rules as check_ins
from ..consultations.queries import consultations
from ..extensions import db
from ..feedback import queries as feedback_queries
from ..models import Organisation, Role, Slot, SlotStatus
from ..slots.access import union_scope_condition
from ..slots.routes import employer_slots
from ..slots.rules import submission_blockers
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
        context["open_slot_count"] = db.session.scalar(
            select(func.count(Slot.id)).where(Slot.open_on(date.today()))
        )
        context["consultations"] = consultations(date.today())
    elif current_user.role == Role.EMPLOYER:
        context["slots"], context["slot_count"] = employer_slots(current_user.organisation)
        context["blockers"] = submission_blockers(current_user.organisation)
    elif current_user.role == Role.UNION:
        context["queue_count"] = db.session.scalar(
            select(func.count(Slot.id)).where(
                Slot.status == SlotStatus.AWAITING_REVIEW, union_scope_condition(current_user)
            )
        )
    context.update(_end_of_placements(current_user))
    context.update(check_ins.dashboard(current_user, date.today()))
    context.update(certificates.dashboard(current_user))
    return render_template(f"dashboard/{current_user.role}.html", **context)


def _end_of_placements(user):
    """Running placements, and the feedback each role has to give."""
    today = date.today()
    due = {
        Role.EMPLOYER: {"reports_due": feedback_queries.reports_due},
        Role.JOBSEEKER: {"feedback_due": feedback_queries.feedback_due},
        Role.COORDINATOR: {"follow_ups_due": feedback_queries.follow_ups_due},
        Role.UNION: {},
    }[Role(user.role)]
    context = {name: query(user, today) for name, query in due.items()}
    if user.role in (Role.EMPLOYER, Role.JOBSEEKER):
        context["running"] = feedback_queries.running(user, today)
        context["upcoming"] = feedback_queries.upcoming(user, today)
    return context
