"""Production entry point: `gunicorn wsgi:app`."""
import gc
import logging
import os

from portal import create_app
from portal.security import production_problems
from portal.warmup import warm_up

app = create_app()

# Refuse to serve the public with a development setting, and say which: a portal without PORTAL_URL
# mails links to http://127.0.0.1:5000, without TRUSTED_HOSTS answers any Host header, without
# SESSION_COOKIE_SECURE sends the session over plain http. PORTAL_LOCAL_ONLY=1 starts it anyway
# with a warning, for a run on this machine alone (bench/, tests that start gunicorn).
_problems = production_problems(app)
if _problems and os.environ.get("PORTAL_LOCAL_ONLY") != "1":
    raise RuntimeError(
        "Praktikportalen is not set up for production; set in instance/config.py (see instance/README.md): "
        + "; ".join(_problems) + ". For a run on this machine only, start with PORTAL_LOCAL_ONLY=1."
    )
for _problem in _problems:
    logging.getLogger("portal").warning("PORTAL_LOCAL_ONLY: %s", _problem)

warm_up(app)  # before its first visitor, not during: see portal/warmup.py

# What start-up loaded (the app, SQLAlchemy's metadata, templates, libraries: some 250,000 objects)
# lives as long as the worker. Frozen, it is no longer walked by every full garbage collection,
# which otherwise paused requests for 150 ms at random (measured on the matching page).
gc.collect()
gc.freeze()
