"""Records (issue 15, part 9): who opened a job-seeker's record, a job-seeker's own data to download,
and untouched drafts deleted after two warnings (`flask --app portal delete-old-drafts`, for cron)."""
from flask import Blueprint

bp = Blueprint("records", __name__)

from . import routes  # noqa: E402,F401
