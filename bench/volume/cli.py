"""`flask --app portal seed-bench`: fill an empty database with benchmark volume."""
import time

import click
from flask.cli import with_appcontext

from .seed import BENCH_PASSWORD, DOMAIN, Seeder, SeedError, Volume


@click.command("seed-bench")
@with_appcontext
@click.option("--organisations", default=Volume.organisations, show_default=True, type=click.IntRange(1))
@click.option("--slots", default=Volume.slots, show_default=True, type=click.IntRange(1))
@click.option("--placements", default=Volume.placements, show_default=True, type=click.IntRange(0))
@click.option("--jobseekers", default=Volume.jobseekers, show_default=True, type=click.IntRange(1))
@click.option("--logins", default=Volume.logins, show_default=True, type=click.IntRange(1),
              help="Accounts per role for the load test (coordinators, union representatives, job-seekers).")
@click.option("--seed", "random_seed", default=2026, show_default=True, help="Random seed: the same seed, the same data.")
def seed_bench_command(organisations, slots, placements, jobseekers, logins, random_seed):
    """Generate benchmark volume (no real people) into an empty database."""
    started = time.perf_counter()
    volume = Volume(organisations=organisations, slots=slots, placements=placements, jobseekers=jobseekers,
                    logins=logins)
    try:
        counts = Seeder(volume, seed=random_seed).run()
    except SeedError as refusal:
        raise click.ClickException(str(refusal)) from None
    for table, count in counts.items():
        click.echo(f"  {table:<22} {count:>8}")
    click.echo(f"Seeded in {time.perf_counter() - started:.1f} s. Accounts: employer<organisation id>@{DOMAIN}, "
               f"coordinator1@{DOMAIN}, union1@{DOMAIN}, jobseeker1@{DOMAIN} …, password {BENCH_PASSWORD}")
