"""The benchmark (`make bench`): generated volume, the floor views, the load runs and the report.

Nothing here is part of the portal: `flask --app portal seed-bench` comes from
`bench/volume/cli.py` through the `flask.commands` entry point in pyproject.toml, and the floor
views are registered only by `bench/floor_wsgi.py`, the app the benchmark serves.
"""
