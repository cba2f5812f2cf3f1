"""The app the benchmark serves: the portal as `gunicorn wsgi:app` serves it, plus the floor views.

    gunicorn bench.floor_wsgi:app
"""
from bench.volume.floor import register
from wsgi import app

register(app)
