from flask import Blueprint, render_template

from ..access import public

bp = Blueprint("start", __name__)


@bp.route("/")
@public
def index():
    return render_template("start/index.html")
