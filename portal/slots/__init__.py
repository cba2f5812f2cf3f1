from datetime import date

from flask import Blueprint
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import LANGUAGE_LEVEL_LABELS
from .rules import MATERIAL_TERMS
from .rules import submission_blockers as _submission_blockers

bp = Blueprint("slots", __name__, url_prefix="/slots")


# Labels that slot pages in every area (reviews, matching, agreements) use.
@bp.app_template_global()
def language_level_label(level):
    return LANGUAGE_LEVEL_LABELS.get(level, level)


@bp.app_template_filter()
def term_label(name):
    return MATERIAL_TERMS.get(name, name)


@bp.app_template_global()
def submission_blockers(organisation):
    return _submission_blockers(organisation)


@bp.app_template_global()
def placement_phase(slot, today=None):
    """(tag kind, words) for an approved slot whose placements have begun or ended, else None.

    "Approved" stops being news once someone is placed: the slot list and page then say where its
    placements are (about to start, under way, ended), or that its period ended without one.
    Placements not yet signed (matched) and cancelled ones leave the approval as the status.
    """
    from ..feedback.rules import has_ended
    from ..models import PlacementStatus, SlotStatus

    if slot.status != SlotStatus.APPROVED:
        return None
    today = today or date.today()
    # slot.placements: list pages load them with their slots (one query for the page, not one a slot).
    placements = [placement for placement in slot.placements
                  if placement.status in (PlacementStatus.ACTIVE, PlacementStatus.ENDED)]
    if not placements:
        return ("neutral", _("Ended without a placement")) if slot.end_date < today else None
    if all(has_ended(placement, today) for placement in placements):
        return ("neutral", _("Placement ended"))
    if slot.start_date <= today:
        return ("ok", _("Placement under way"))
    return ("ok", _("Placement starts %(date)s", date=slot.start_date.isoformat()))


from . import routes  # noqa: E402,F401
