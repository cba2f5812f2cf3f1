from flask import Blueprint

bp = Blueprint("unions", __name__, url_prefix="/union-representatives")

from . import routes  # noqa: E402,F401
