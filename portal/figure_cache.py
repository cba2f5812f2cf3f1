"""Figures kept in each worker process's memory under the data version they were computed at
(portal/data_version.py): the statistics and the matching page's open slots. The one cache of
the portal.

A kept value is the object itself, not a pickled copy (the open slots take ~10 ms to unpickle), so
its readers must not change it. Each (name, key) keeps its latest value only, with its version:
`kept()` answers it while the version is current, and `last()` gives it whatever its version, for
the statistics to count again only what changed since. The SIZE names read most recently are kept.
Every worker keeps its own and all of them read the same counter, so none can serve stale figures.
"""
from collections import OrderedDict
from threading import Lock

from flask import current_app

from . import data_version

SIZE = 64


def kept(name, key, compute):
    """compute() once per data version and key; the key must hold everything the result depends on
    besides the data (filters, today's date, whose scope, the language)."""
    # The version is read before computing: a change committed in between makes the next request
    # compute again, never keeps figures under a newer version than they were counted at.
    version = data_version.current_version()
    found = last(name, key)
    if found is not None and found[0] == version:
        return found[1]
    value = compute()
    keep(name, key, version, value)
    return value


def last(name, key):
    """(version, value) last kept for name and key, or None."""
    return _store().get((name, key))


def keep(name, key, version, value):
    _store().put((name, key), (version, value))


def forget_all():
    """Empty this worker's kept figures, so that the next reads compute afresh (as on a new day):
    for the benchmark and tests."""
    current_app.extensions.pop("figure_cache", None)


def _store():
    store = current_app.extensions.get("figure_cache")
    if store is None:
        store = current_app.extensions.setdefault("figure_cache", _Recent(SIZE))
    return store


class _Recent:
    """The `size` values read most recently; a lock, as a gthread worker serves requests in threads."""

    def __init__(self, size):
        self.size, self.values, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)
