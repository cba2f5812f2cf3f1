from flask import Blueprint

from ..models import LANGUAGE_LEVEL_LABELS
from .rules import MATERIAL_TERMS

bp = Blueprint("slots", __name__, url_prefix="/slots")


# Labels that slot pages in every area (reviews, matching, agreements) use.
@bp.app_template_global()
def language_level_label(level):
    return LANGUAGE_LEVEL_LABELS.get(level, level)


@bp.app_template_filter()
def term_label(name):
    return MATERIAL_TERMS.get(name, name)


from . import routes  # noqa: E402,F401
