from flask import Blueprint

bp = Blueprint("jobseekers", __name__, url_prefix="/jobseekers")

from . import invitations, routes  # noqa: E402,F401
