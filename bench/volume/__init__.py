"""Benchmark volume: `flask --app portal seed-bench` (cli.py, seed.py, content.py, outcomes.py),
and the floor views the load test compares each page with (floor.py)."""
