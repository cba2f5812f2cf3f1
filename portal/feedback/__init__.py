from flask import Blueprint

from ..models import EMPLOYMENT_OFFER_LABELS, GOAL_SCALE, RATING_SCALE

bp = Blueprint("feedback", __name__, url_prefix="/placements")


@bp.context_processor
def scales():
    return {"goal_scale": GOAL_SCALE, "rating_scale": RATING_SCALE, "employment_offer_labels": EMPLOYMENT_OFFER_LABELS}


from . import routes  # noqa: E402,F401
