from flask import Response
from flask_login import current_user

from ..access import roles_required
from ..models import Role
from ..models.base import utcnow
from . import bp, export


@bp.route("/my-data")
@roles_required(Role.JOBSEEKER)
def my_data():
    """Everything the portal holds about the job-seeker, as a zip (data.json and their PDFs).

    Always the logged-in person's own: there is no id in the address to change."""
    body = export.as_zip(current_user)
    name = f"praktikportalen-{utcnow().date().isoformat()}.zip"
    return Response(body, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
