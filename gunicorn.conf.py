"""gunicorn's settings for serving the portal: `.venv/bin/gunicorn` in this folder reads them.

Each worker keeps its own warm caches (portal/warmup.py) and its own process for checking uploaded
PDFs, so a few processes with threads serve better than many single-threaded ones. Every value
can be set from the environment without editing this file.
"""
import multiprocessing
import os

wsgi_app = "wsgi:app"
# Behind a reverse proxy on the same machine (README, "Serving in production").
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PORTAL_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS", 4))
# A request that takes longer than this is stuck: its worker is restarted. (Uploads at /verify
# have their own 1.5 s limit, signing a few hundred milliseconds.)
timeout = 30
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, spread out so that they do not all restart at once.
max_requests = 5000
max_requests_jitter = 500
# The access log to standard output (journald or the container keeps it); PORTAL_ACCESS_LOG=""
# turns it off (the benchmark does).
accesslog = os.environ.get("PORTAL_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("PORTAL_LOG_LEVEL", "info")
