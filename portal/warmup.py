"""Filling a new worker's caches before its first visitor.

The open slots for matching and the statistics' default view are kept per worker process
(portal/figure_cache.py), and Jinja compiles each template on its first use. Done on the first
visit, they made that visit, and every other request the worker was serving meanwhile, wait
0.1–0.7 s. The process that judges uploads at /verify (portal/pdfcheck/)
takes about a second to start, which would otherwise come out of the first upload's time limit.
wsgi.py calls warm_up() as each worker starts.
"""
import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from . import pdfcheck
from .extensions import db
from .jobseekers.matching import open_pool
from .models import Role, User
from .stats import report
from .stats.queries import Filters

log = logging.getLogger(__name__)


def warm_up(app):
    """What a coordinator's first matching and statistics pages need, counted now. A database that
    is not there yet (before `flask db upgrade`) is left for the first visitor, as before."""
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)  # compiled once and kept by Jinja's cache
    pdfcheck.start()
    with app.app_context():
        try:
            today = date.today()
            open_pool(today)
            coordinator = db.session.scalar(select(User).where(User.role == Role.COORDINATOR).limit(1))
            if coordinator is not None:  # everyone but a union representative sees these figures
                report.figures(Filters(), coordinator, today)
        except SQLAlchemyError as error:
            log.warning("caches not warmed up: %s", error)
        finally:
            db.session.remove()
