"""The placement certificate (praktikintyg) the job-seeker owns (issue 15, part 10).

Once the employer's final report is in, the job-seeker reads the certificate's proposed text and
accepts it; the portal then issues it as a PDF signed by the portal (its own certificate, as for
agreements: portal/agreements/certificates.py), verifiable at /verify by its SHA-256.
"""
from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/placements")

from . import routes  # noqa: E402,F401
