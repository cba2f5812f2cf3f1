"""The framework's floor for the load test: one row by primary key, a one-line template; and the
layout floor: the same row for a logged-in user in the portal's layout (base.html), which every
page pays before it does anything of its own (the session, the user, the header and footer).

Registered only by `register(app)`, which bench/floor_wsgi.py (the app the benchmark serves) and
the bench's tests call: the portal itself never has these routes.
"""
from pathlib import Path

from flask import Blueprint, render_template

from portal.access import any_logged_in_user, public
from portal.extensions import db
from portal.models import Organisation

bp = Blueprint("bench_floor", __name__, template_folder=str(Path(__file__).parent / "templates"))


def register(app):
    app.register_blueprint(bp)
    return app


@bp.route("/bench/floor/<int:organisation_id>")
@public
def floor(organisation_id):
    return render_template("bench/floor.html", organisation=db.get_or_404(Organisation, organisation_id))


@bp.route("/bench/layout/<int:organisation_id>")
@any_logged_in_user
def layout(organisation_id):
    return render_template("bench/layout.html", organisation=db.get_or_404(Organisation, organisation_id))
