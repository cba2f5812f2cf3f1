"""Check-ins: the coordinator's visit during a placement of four weeks or more (issue 15, part 6).

Due at the placement's midpoint (rules.py); the coordinator records attendance, whether the tasks
are those agreed, whether the supervisor is there, and the participant's view. A finding that the
tasks differ, that there is no supervisor or that the participant seems to replace staff flags the
placement on the coordinators' and the union representatives' (in scope) dashboards.
"""
from flask import Blueprint

bp = Blueprint("checkins", __name__, url_prefix="/placements")

from . import routes  # noqa: E402,F401
