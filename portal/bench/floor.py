"""The framework's floor for the load test: one row by primary key, a one-line template; and the
layout floor: the same row for a logged-in user in the portal's layout (base.html), which every
page pays before it does anything of its own (the session, the user, the header and footer).

Registered only when the app is created with BENCH_FLOOR (or PORTAL_BENCH_FLOOR=1 in the
environment, as bench/run.py starts gunicorn), so that the portal itself never has this route.
"""
from flask import Blueprint, render_template

from ..access import any_logged_in_user, public
from ..extensions import db
from ..models import Organisation

bp = Blueprint("bench_floor", __name__)


@bp.route("/bench/floor/<int:organisation_id>")
@public
def floor(organisation_id):
    return render_template("bench/floor.html", organisation=db.get_or_404(Organisation, organisation_id))


@bp.route("/bench/layout/<int:organisation_id>")
@any_logged_in_user
def layout(organisation_id):
    return render_template("bench/layout.html", organisation=db.get_or_404(Organisation, organisation_id))
