"""Benchmark support: generated volume (`flask --app portal seed-bench`) and the floor view.

Neither is part of the portal a user sees: the seed command refuses a database that has data,
and the floor view is registered only when the app is created with BENCH_FLOOR (bench/run.py).
"""
import os


def init_app(app):
    from .cli import seed_bench_command

    app.cli.add_command(seed_bench_command)
    if app.config.get("BENCH_FLOOR") or os.environ.get("PORTAL_BENCH_FLOOR") == "1":
        from .floor import bp

        app.register_blueprint(bp)
