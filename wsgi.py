"""Production entry point: `gunicorn wsgi:app`."""
import gc

from portal import create_app
from portal.warmup import warm_up

app = create_app()
warm_up(app)  # before its first visitor, not during: see portal/warmup.py

# What start-up loaded (the app, SQLAlchemy's metadata, templates, libraries: some 250,000 objects)
# lives as long as the worker. Frozen, it is no longer walked by every full garbage collection,
# which otherwise paused requests for 150 ms at random (measured on the matching page).
gc.collect()
gc.freeze()
